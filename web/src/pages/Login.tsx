import { useState } from 'react';
import QRCode from 'qrcode';
import { api, errorText, type Me } from '../api.js';
import { useI18n } from '../i18n.js';

export function Login({ onIn, expired }: { onIn: (me: Me) => void; expired: boolean }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [error, setError] = useState('');
  const [enrol, setEnrol] = useState<{ ticket: string; secret: string; qr: string } | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      if (enrol) {
        const r = await api('POST', '/api/auth/mfa/enrol', { ticket: enrol.ticket, totp });
        onIn(r.user);
        return;
      }
      const r = await api('POST', '/api/auth/login', { email, password, ...(totp ? { totp } : {}) });
      if (r.status === 'enrolment_required') {
        setEnrol({ ticket: r.ticket, secret: r.secret, qr: await QRCode.toDataURL(r.otpauthUri, { margin: 1, width: 220 }) });
        setTotp('');
        return;
      }
      onIn(r.user);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <form className="card login" onSubmit={submit} data-testid="login-form">
      <h1>{t('app.title')}</h1>
      <h2>{t('login.title')}</h2>
      {expired && <p className="notice" role="status">{t('login.expired')}</p>}
      {!enrol && (
        <>
          <label>
            {t('login.email')}
            <input name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
          </label>
          <label>
            {t('login.password')}
            <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
        </>
      )}
      {enrol && (
        <div className="enrol">
          <p>{t('login.enrol')}</p>
          <img src={enrol.qr} alt="TOTP QR code" data-testid="enrol-qr" />
          <code>{enrol.secret}</code>
        </div>
      )}
      <label>
        {t('login.totp')}
        <input name="totp" inputMode="numeric" pattern="\d{6}" autoComplete="one-time-code" value={totp} onChange={(e) => setTotp(e.target.value)} />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">{enrol ? t('login.enrolSubmit') : t('login.submit')}</button>
    </form>
  );
}
