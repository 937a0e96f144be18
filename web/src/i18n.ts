// Five languages. Arabic is laid out right to left. Dates and times are shown in the user's time zone, named.
import { createContext, useContext } from 'react';

export const LANGS = ['en', 'fr', 'es', 'ar', 'nl'] as const;
export type Lang = (typeof LANGS)[number];
export const LANG_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français', es: 'Español', ar: 'العربية', nl: 'Nederlands' };
export const isRtl = (l: Lang) => l === 'ar';

type Dict = Record<string, string>;
const en: Dict = {
  'board.decline': 'Decline', 'persons.edit': 'Complete or correct', 'persons.reviewDecision': 'Review', 'admin.newUser': 'New user', 'admin.created': 'created (enrols TOTP at first login)', 'admin.name': 'Name', 'admin.agency': 'Agency', 'admin.roles': 'Roles',
  'persons.notVisible': 'not visible to you', 'persons.annotations': 'Statements by other agencies', 'persons.annotate': 'Add a statement', 'persons.statement': 'Fact or assessment', 'persons.release': 'Release', 'persons.agencies': 'Agencies', 'board.raise': 'Set a threat level', 'board.write': 'Write in the log', 'board.handover': 'Handover note', 'board.ackHandover': 'Acknowledge handover', 'board.country': 'Country', 'board.level': 'Level', 'board.reason': 'Reason',
  'app.title': 'Atalaya — joint security cell',
  'login.title': 'Sign in',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.totp': 'One-time code (authenticator app)',
  'login.submit': 'Sign in',
  'login.enrol': 'Scan this code with your authenticator app, then enter the first code it shows.',
  'login.enrolSubmit': 'Confirm and sign in',
  'login.expired': 'Your session has ended. Please sign in again.',
  'nav.board': 'Board',
  'nav.persons': 'Persons',
  'nav.screening': 'Screening',
  'nav.messages': 'Messages',
  'nav.audit': 'Audit',
  'nav.admin': 'Admin',
  'nav.logout': 'Sign out',
  'board.threat': 'Threat levels',
  'board.requests': 'Open requests',
  'board.overdue': 'overdue',
  'board.dueIn': 'due in',
  'board.hits': 'Unreviewed screening hits',
  'board.crossChecks': 'Cross-check matches to review',
  'board.onDuty': 'On duty',
  'board.log': 'Shift log',
  'board.none': 'Nothing open.',
  'live.connected': 'Live',
  'live.connecting': 'Reconnecting…',
  'persons.search': 'Search a name (any script or spelling)',
  'persons.find': 'Find',
  'persons.new': 'Record a person',
  'persons.justification': 'Why are you consulting this? (required, logged)',
  'persons.names': 'Names',
  'persons.documents': 'Documents',
  'persons.alerts': 'Alerts',
  'persons.history': 'History',
  'persons.links': 'Linked persons',
  'persons.review': 'Review by',
  'persons.save': 'Save',
  'persons.primaryName': 'Primary name',
  'persons.otherName': 'Other spelling or script',
  'persons.dob': 'Date of birth (YYYY, YYYY-MM or YYYY-MM-DD)',
  'persons.nationality': 'Nationality (ISO code)',
  'persons.category': 'Category',
  'persons.noResults': 'No person found.',
  'env.releaseTo': 'Released to (countries)',
  'env.handling': 'Handling',
  'env.tlp': 'TLP',
  'env.grading': 'Grading (4x4)',
  'env.classification': 'Classification',
  'env.legalBasis': 'Legal basis',
  'env.purpose': 'Purpose',
  'screen.upload': 'Upload a list (CSV with a header row)',
  'screen.name': 'List name',
  'screen.mapping': 'Columns',
  'screen.start': 'Screen',
  'screen.progress': 'Progress',
  'screen.rate': 'rows/s',
  'screen.eta': 'ETA',
  'screen.review': 'Review queue',
  'screen.confirm': 'Confirm',
  'screen.dismiss': 'Dismiss',
  'screen.escalate': 'Escalate',
  'screen.reason': 'Reason (required)',
  'screen.row': 'Screened row',
  'screen.entry': 'Watchlist entry',
  'screen.why': 'Why this score',
  'screen.actionOnHit': 'Action on hit',
  'msg.inbox': 'Inbox',
  'msg.sent': 'Sent',
  'msg.compose': 'New message or request',
  'msg.to': 'To (agencies, comma-separated)',
  'msg.subject': 'Subject',
  'msg.text': 'Text',
  'msg.priority': 'Priority',
  'msg.kind': 'Kind',
  'msg.send': 'Send',
  'msg.acknowledge': 'Acknowledge',
  'msg.answer': 'Answer',
  'msg.acknowledged': 'acknowledged',
  'msg.attachment': 'Attachment',
  'audit.title': 'Audit trail',
  'audit.verify': 'Chain verification',
  'audit.filter': 'Filter by action',
  'admin.users': 'Users',
  'admin.resetMfa': 'Reset MFA',
  'admin.disable': 'Disable',
  'common.loading': 'Loading…',
  'common.error': 'Error',
  'common.language': 'Language',
  'common.timeZone': 'Times shown in',
};
const fr: Dict = {
  'board.decline': 'Refuser', 'persons.edit': 'Compléter ou corriger', 'persons.reviewDecision': 'Réexaminer', 'admin.newUser': 'Nouvel utilisateur', 'admin.created': 'créé (enrôle la TOTP à la première connexion)', 'admin.name': 'Nom', 'admin.agency': 'Service', 'admin.roles': 'Rôles',
  'persons.notVisible': 'non visible pour vous', 'persons.annotations': 'Mentions d’autres services', 'persons.annotate': 'Ajouter une mention', 'persons.statement': 'Fait ou appréciation', 'persons.release': 'Diffuser', 'persons.agencies': 'Services', 'board.raise': 'Fixer un niveau de menace', 'board.write': 'Écrire dans la main courante', 'board.handover': 'Note de relève', 'board.ackHandover': 'Accuser la relève', 'board.country': 'Pays', 'board.level': 'Niveau', 'board.reason': 'Motif',
  'app.title': 'Atalaya — cellule conjointe de sécurité', 'login.title': 'Connexion', 'login.email': 'Courriel', 'login.password': 'Mot de passe', 'login.totp': 'Code à usage unique (application d’authentification)', 'login.submit': 'Se connecter', 'login.enrol': 'Scannez ce code avec votre application, puis saisissez le premier code affiché.', 'login.enrolSubmit': 'Confirmer et se connecter', 'login.expired': 'Votre session a pris fin. Reconnectez-vous.',
  'nav.board': 'Tableau', 'nav.persons': 'Personnes', 'nav.screening': 'Criblage', 'nav.messages': 'Messages', 'nav.audit': 'Audit', 'nav.admin': 'Administration', 'nav.logout': 'Déconnexion',
  'board.threat': 'Niveaux de menace', 'board.requests': 'Demandes ouvertes', 'board.overdue': 'en retard', 'board.dueIn': 'échéance dans', 'board.hits': 'Résultats de criblage à examiner', 'board.crossChecks': 'Recoupements à examiner', 'board.onDuty': 'De permanence', 'board.log': 'Main courante', 'board.none': 'Rien d’ouvert.',
  'live.connected': 'En direct', 'live.connecting': 'Reconnexion…',
  'persons.search': 'Chercher un nom (toute écriture ou graphie)', 'persons.find': 'Chercher', 'persons.new': 'Enregistrer une personne', 'persons.justification': 'Motif de la consultation (obligatoire, journalisé)', 'persons.names': 'Noms', 'persons.documents': 'Documents', 'persons.alerts': 'Signalements', 'persons.history': 'Historique', 'persons.links': 'Personnes liées', 'persons.review': 'Réexamen le', 'persons.save': 'Enregistrer', 'persons.primaryName': 'Nom principal', 'persons.otherName': 'Autre graphie ou écriture', 'persons.dob': 'Date de naissance (AAAA, AAAA-MM ou AAAA-MM-JJ)', 'persons.nationality': 'Nationalité (code ISO)', 'persons.category': 'Catégorie', 'persons.noResults': 'Aucune personne trouvée.',
  'env.releaseTo': 'Diffusé à (pays)', 'env.handling': 'Code de traitement', 'env.tlp': 'TLP', 'env.grading': 'Évaluation (4x4)', 'env.classification': 'Classification', 'env.legalBasis': 'Base légale', 'env.purpose': 'Finalité',
  'screen.upload': 'Téléverser une liste (CSV avec en-tête)', 'screen.name': 'Nom de la liste', 'screen.mapping': 'Colonnes', 'screen.start': 'Cribler', 'screen.progress': 'Avancement', 'screen.rate': 'lignes/s', 'screen.eta': 'Fin estimée', 'screen.review': 'File d’examen', 'screen.confirm': 'Confirmer', 'screen.dismiss': 'Écarter', 'screen.escalate': 'Remonter', 'screen.reason': 'Motif (obligatoire)', 'screen.row': 'Ligne criblée', 'screen.entry': 'Fiche', 'screen.why': 'Pourquoi ce score', 'screen.actionOnHit': 'Conduite à tenir',
  'msg.inbox': 'Reçus', 'msg.sent': 'Envoyés', 'msg.compose': 'Nouveau message ou demande', 'msg.to': 'À (services, séparés par des virgules)', 'msg.subject': 'Objet', 'msg.text': 'Texte', 'msg.priority': 'Priorité', 'msg.kind': 'Type', 'msg.send': 'Envoyer', 'msg.acknowledge': 'Accuser réception', 'msg.answer': 'Répondre', 'msg.acknowledged': 'reçu', 'msg.attachment': 'Pièce jointe',
  'audit.title': 'Journal d’audit', 'audit.verify': 'Vérification de la chaîne', 'audit.filter': 'Filtrer par action', 'admin.users': 'Utilisateurs', 'admin.resetMfa': 'Réinitialiser la MFA', 'admin.disable': 'Désactiver', 'common.loading': 'Chargement…', 'common.error': 'Erreur', 'common.language': 'Langue', 'common.timeZone': 'Heures affichées en',
};
const es: Dict = {
  'board.decline': 'Rechazar', 'persons.edit': 'Completar o corregir', 'persons.reviewDecision': 'Revisar', 'admin.newUser': 'Nuevo usuario', 'admin.created': 'creado (activa la TOTP al primer acceso)', 'admin.name': 'Nombre', 'admin.agency': 'Servicio', 'admin.roles': 'Funciones',
  'persons.notVisible': 'no visible para usted', 'persons.annotations': 'Anotaciones de otros servicios', 'persons.annotate': 'Añadir una anotación', 'persons.statement': 'Hecho o valoración', 'persons.release': 'Difundir', 'persons.agencies': 'Servicios', 'board.raise': 'Fijar un nivel de amenaza', 'board.write': 'Escribir en el libro', 'board.handover': 'Nota de relevo', 'board.ackHandover': 'Confirmar el relevo', 'board.country': 'País', 'board.level': 'Nivel', 'board.reason': 'Motivo',
  'app.title': 'Atalaya — célula conjunta de seguridad', 'login.title': 'Iniciar sesión', 'login.email': 'Correo', 'login.password': 'Contraseña', 'login.totp': 'Código de un solo uso (aplicación de autenticación)', 'login.submit': 'Entrar', 'login.enrol': 'Escanee este código con su aplicación e introduzca el primer código.', 'login.enrolSubmit': 'Confirmar y entrar', 'login.expired': 'Su sesión ha terminado. Vuelva a entrar.',
  'nav.board': 'Panel', 'nav.persons': 'Personas', 'nav.screening': 'Cribado', 'nav.messages': 'Mensajes', 'nav.audit': 'Auditoría', 'nav.admin': 'Administración', 'nav.logout': 'Salir',
  'board.threat': 'Niveles de amenaza', 'board.requests': 'Solicitudes abiertas', 'board.overdue': 'vencida', 'board.dueIn': 'vence en', 'board.hits': 'Coincidencias por revisar', 'board.crossChecks': 'Cruces por revisar', 'board.onDuty': 'De guardia', 'board.log': 'Libro de guardia', 'board.none': 'Nada abierto.',
  'live.connected': 'En directo', 'live.connecting': 'Reconectando…',
  'persons.search': 'Buscar un nombre (cualquier escritura o grafía)', 'persons.find': 'Buscar', 'persons.new': 'Registrar una persona', 'persons.justification': 'Motivo de la consulta (obligatorio, registrado)', 'persons.names': 'Nombres', 'persons.documents': 'Documentos', 'persons.alerts': 'Alertas', 'persons.history': 'Historial', 'persons.links': 'Personas vinculadas', 'persons.review': 'Revisar antes de', 'persons.save': 'Guardar', 'persons.primaryName': 'Nombre principal', 'persons.otherName': 'Otra grafía o escritura', 'persons.dob': 'Fecha de nacimiento (AAAA, AAAA-MM o AAAA-MM-DD)', 'persons.nationality': 'Nacionalidad (código ISO)', 'persons.category': 'Categoría', 'persons.noResults': 'Ninguna persona encontrada.',
  'env.releaseTo': 'Difundido a (países)', 'env.handling': 'Código de tratamiento', 'env.tlp': 'TLP', 'env.grading': 'Evaluación (4x4)', 'env.classification': 'Clasificación', 'env.legalBasis': 'Base jurídica', 'env.purpose': 'Finalidad',
  'screen.upload': 'Subir una lista (CSV con cabecera)', 'screen.name': 'Nombre de la lista', 'screen.mapping': 'Columnas', 'screen.start': 'Cribar', 'screen.progress': 'Progreso', 'screen.rate': 'filas/s', 'screen.eta': 'Fin estimado', 'screen.review': 'Cola de revisión', 'screen.confirm': 'Confirmar', 'screen.dismiss': 'Descartar', 'screen.escalate': 'Escalar', 'screen.reason': 'Motivo (obligatorio)', 'screen.row': 'Fila cribada', 'screen.entry': 'Ficha', 'screen.why': 'Por qué esta puntuación', 'screen.actionOnHit': 'Actuación',
  'msg.inbox': 'Recibidos', 'msg.sent': 'Enviados', 'msg.compose': 'Nuevo mensaje o solicitud', 'msg.to': 'Para (servicios, separados por comas)', 'msg.subject': 'Asunto', 'msg.text': 'Texto', 'msg.priority': 'Prioridad', 'msg.kind': 'Tipo', 'msg.send': 'Enviar', 'msg.acknowledge': 'Acusar recibo', 'msg.answer': 'Responder', 'msg.acknowledged': 'recibido', 'msg.attachment': 'Adjunto',
  'audit.title': 'Registro de auditoría', 'audit.verify': 'Verificación de la cadena', 'audit.filter': 'Filtrar por acción', 'admin.users': 'Usuarios', 'admin.resetMfa': 'Restablecer MFA', 'admin.disable': 'Desactivar', 'common.loading': 'Cargando…', 'common.error': 'Error', 'common.language': 'Idioma', 'common.timeZone': 'Horas en',
};
const ar: Dict = {
  'board.decline': 'رفض', 'persons.edit': 'إكمال أو تصحيح', 'persons.reviewDecision': 'مراجعة', 'admin.newUser': 'مستخدم جديد', 'admin.created': 'أُنشئ (يفعّل المصادقة عند أول دخول)', 'admin.name': 'الاسم', 'admin.agency': 'الجهاز', 'admin.roles': 'الأدوار',
  'persons.notVisible': 'غير متاح لك', 'persons.annotations': 'ملاحظات أجهزة أخرى', 'persons.annotate': 'إضافة ملاحظة', 'persons.statement': 'واقعة أو تقدير', 'persons.release': 'إتاحة', 'persons.agencies': 'الأجهزة', 'board.raise': 'تحديد مستوى التهديد', 'board.write': 'كتابة في السجل', 'board.handover': 'مذكرة التسليم', 'board.ackHandover': 'تأكيد التسليم', 'board.country': 'الدولة', 'board.level': 'المستوى', 'board.reason': 'السبب',
  'app.title': 'أطلايا — خلية الأمن المشتركة', 'login.title': 'تسجيل الدخول', 'login.email': 'البريد الإلكتروني', 'login.password': 'كلمة المرور', 'login.totp': 'رمز لمرة واحدة (تطبيق المصادقة)', 'login.submit': 'دخول', 'login.enrol': 'امسح هذا الرمز بتطبيق المصادقة ثم أدخل أول رمز يظهر.', 'login.enrolSubmit': 'تأكيد والدخول', 'login.expired': 'انتهت جلستك. يرجى تسجيل الدخول من جديد.',
  'nav.board': 'اللوحة', 'nav.persons': 'الأشخاص', 'nav.screening': 'الفحص', 'nav.messages': 'الرسائل', 'nav.audit': 'التدقيق', 'nav.admin': 'الإدارة', 'nav.logout': 'خروج',
  'board.threat': 'مستويات التهديد', 'board.requests': 'الطلبات المفتوحة', 'board.overdue': 'متأخر', 'board.dueIn': 'يستحق خلال', 'board.hits': 'نتائج فحص للمراجعة', 'board.crossChecks': 'تطابقات للمراجعة', 'board.onDuty': 'في المناوبة', 'board.log': 'سجل المناوبة', 'board.none': 'لا شيء مفتوح.',
  'live.connected': 'مباشر', 'live.connecting': 'إعادة الاتصال…',
  'persons.search': 'ابحث عن اسم (بأي خط أو تهجئة)', 'persons.find': 'بحث', 'persons.new': 'تسجيل شخص', 'persons.justification': 'سبب الاطلاع (إلزامي ومسجّل)', 'persons.names': 'الأسماء', 'persons.documents': 'الوثائق', 'persons.alerts': 'التنبيهات', 'persons.history': 'السجل', 'persons.links': 'أشخاص مرتبطون', 'persons.review': 'المراجعة قبل', 'persons.save': 'حفظ', 'persons.primaryName': 'الاسم الرئيسي', 'persons.otherName': 'تهجئة أو خط آخر', 'persons.dob': 'تاريخ الميلاد', 'persons.nationality': 'الجنسية (رمز ISO)', 'persons.category': 'الفئة', 'persons.noResults': 'لم يُعثر على أحد.',
  'env.releaseTo': 'مُتاح لـ (الدول)', 'env.handling': 'رمز المعالجة', 'env.tlp': 'TLP', 'env.grading': 'التقييم (4x4)', 'env.classification': 'التصنيف', 'env.legalBasis': 'الأساس القانوني', 'env.purpose': 'الغرض',
  'screen.upload': 'رفع قائمة (CSV مع سطر العناوين)', 'screen.name': 'اسم القائمة', 'screen.mapping': 'الأعمدة', 'screen.start': 'فحص', 'screen.progress': 'التقدم', 'screen.rate': 'سطر/ث', 'screen.eta': 'الوقت المتبقي', 'screen.review': 'قائمة المراجعة', 'screen.confirm': 'تأكيد', 'screen.dismiss': 'استبعاد', 'screen.escalate': 'تصعيد', 'screen.reason': 'السبب (إلزامي)', 'screen.row': 'السطر المفحوص', 'screen.entry': 'البطاقة', 'screen.why': 'سبب هذه الدرجة', 'screen.actionOnHit': 'الإجراء عند التطابق',
  'msg.inbox': 'الوارد', 'msg.sent': 'المرسل', 'msg.compose': 'رسالة أو طلب جديد', 'msg.to': 'إلى (الأجهزة، مفصولة بفواصل)', 'msg.subject': 'الموضوع', 'msg.text': 'النص', 'msg.priority': 'الأولوية', 'msg.kind': 'النوع', 'msg.send': 'إرسال', 'msg.acknowledge': 'إشعار بالاستلام', 'msg.answer': 'رد', 'msg.acknowledged': 'تم الاستلام', 'msg.attachment': 'مرفق',
  'audit.title': 'سجل التدقيق', 'audit.verify': 'التحقق من السلسلة', 'audit.filter': 'تصفية حسب الإجراء', 'admin.users': 'المستخدمون', 'admin.resetMfa': 'إعادة تعيين المصادقة', 'admin.disable': 'تعطيل', 'common.loading': 'جارٍ التحميل…', 'common.error': 'خطأ', 'common.language': 'اللغة', 'common.timeZone': 'الأوقات بتوقيت',
};
const nl: Dict = {
  'board.decline': 'Weigeren', 'persons.edit': 'Aanvullen of verbeteren', 'persons.reviewDecision': 'Herzien', 'admin.newUser': 'Nieuwe gebruiker', 'admin.created': 'aangemaakt (activeert TOTP bij eerste aanmelding)', 'admin.name': 'Naam', 'admin.agency': 'Dienst', 'admin.roles': 'Rollen',
  'persons.notVisible': 'niet zichtbaar voor u', 'persons.annotations': 'Vermeldingen van andere diensten', 'persons.annotate': 'Vermelding toevoegen', 'persons.statement': 'Feit of beoordeling', 'persons.release': 'Vrijgeven', 'persons.agencies': 'Diensten', 'board.raise': 'Dreigingsniveau instellen', 'board.write': 'In het logboek schrijven', 'board.handover': 'Overdrachtsnota', 'board.ackHandover': 'Overdracht bevestigen', 'board.country': 'Land', 'board.level': 'Niveau', 'board.reason': 'Reden',
  'app.title': 'Atalaya — gezamenlijke veiligheidscel', 'login.title': 'Aanmelden', 'login.email': 'E-mail', 'login.password': 'Wachtwoord', 'login.totp': 'Eenmalige code (authenticator-app)', 'login.submit': 'Aanmelden', 'login.enrol': 'Scan deze code met uw app en voer de eerste code in.', 'login.enrolSubmit': 'Bevestigen en aanmelden', 'login.expired': 'Uw sessie is beëindigd. Meld u opnieuw aan.',
  'nav.board': 'Bord', 'nav.persons': 'Personen', 'nav.screening': 'Screening', 'nav.messages': 'Berichten', 'nav.audit': 'Audit', 'nav.admin': 'Beheer', 'nav.logout': 'Afmelden',
  'board.threat': 'Dreigingsniveaus', 'board.requests': 'Open verzoeken', 'board.overdue': 'te laat', 'board.dueIn': 'vervalt over', 'board.hits': 'Te beoordelen screeningtreffers', 'board.crossChecks': 'Te beoordelen kruiscontroles', 'board.onDuty': 'Van dienst', 'board.log': 'Dienstlogboek', 'board.none': 'Niets open.',
  'live.connected': 'Live', 'live.connecting': 'Opnieuw verbinden…',
  'persons.search': 'Zoek een naam (elk schrift of spelling)', 'persons.find': 'Zoeken', 'persons.new': 'Persoon registreren', 'persons.justification': 'Waarom raadpleegt u dit? (verplicht, gelogd)', 'persons.names': 'Namen', 'persons.documents': 'Documenten', 'persons.alerts': 'Signaleringen', 'persons.history': 'Geschiedenis', 'persons.links': 'Gekoppelde personen', 'persons.review': 'Herzien vóór', 'persons.save': 'Opslaan', 'persons.primaryName': 'Hoofdnaam', 'persons.otherName': 'Andere spelling of schrift', 'persons.dob': 'Geboortedatum (JJJJ, JJJJ-MM of JJJJ-MM-DD)', 'persons.nationality': 'Nationaliteit (ISO-code)', 'persons.category': 'Categorie', 'persons.noResults': 'Geen persoon gevonden.',
  'env.releaseTo': 'Vrijgegeven aan (landen)', 'env.handling': 'Behandelcode', 'env.tlp': 'TLP', 'env.grading': 'Beoordeling (4x4)', 'env.classification': 'Rubricering', 'env.legalBasis': 'Rechtsgrond', 'env.purpose': 'Doel',
  'screen.upload': 'Lijst uploaden (CSV met kopregel)', 'screen.name': 'Naam van de lijst', 'screen.mapping': 'Kolommen', 'screen.start': 'Screenen', 'screen.progress': 'Voortgang', 'screen.rate': 'rijen/s', 'screen.eta': 'Klaar over', 'screen.review': 'Beoordelingswachtrij', 'screen.confirm': 'Bevestigen', 'screen.dismiss': 'Afwijzen', 'screen.escalate': 'Escaleren', 'screen.reason': 'Reden (verplicht)', 'screen.row': 'Gescreende rij', 'screen.entry': 'Fiche', 'screen.why': 'Waarom deze score', 'screen.actionOnHit': 'Actie bij treffer',
  'msg.inbox': 'Ontvangen', 'msg.sent': 'Verzonden', 'msg.compose': 'Nieuw bericht of verzoek', 'msg.to': 'Aan (diensten, komma’s)', 'msg.subject': 'Onderwerp', 'msg.text': 'Tekst', 'msg.priority': 'Prioriteit', 'msg.kind': 'Soort', 'msg.send': 'Verzenden', 'msg.acknowledge': 'Ontvangst bevestigen', 'msg.answer': 'Antwoorden', 'msg.acknowledged': 'bevestigd', 'msg.attachment': 'Bijlage',
  'audit.title': 'Audittrail', 'audit.verify': 'Ketencontrole', 'audit.filter': 'Filter op actie', 'admin.users': 'Gebruikers', 'admin.resetMfa': 'MFA resetten', 'admin.disable': 'Uitschakelen', 'common.loading': 'Laden…', 'common.error': 'Fout', 'common.language': 'Taal', 'common.timeZone': 'Tijden in',
};
export const DICTS: Record<Lang, Dict> = { en, fr, es, ar, nl };

export interface I18n {
  lang: Lang;
  timeZone: string;
  t(key: string): string;
  dateTime(iso: string | Date): string;
}

export function makeI18n(lang: Lang, timeZone: string): I18n {
  const fmt = new Intl.DateTimeFormat(lang === 'ar' ? 'ar-MA' : lang, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
  return {
    lang,
    timeZone,
    t: (key) => DICTS[lang][key] ?? en[key] ?? key,
    dateTime: (v) => fmt.format(typeof v === 'string' ? new Date(v) : v),
  };
}

export const I18nContext = createContext<I18n>(makeI18n('en', 'UTC'));
export const useI18n = () => useContext(I18nContext);
