// Nationalities as lists write them ("Democratic Republic of the Congo", "Iraqi", "ma", "MAR") → ISO alpha-2.
const NAMES = new Map<string, string>();
const display = new Intl.DisplayNames(['en'], { type: 'region' });
const french = new Intl.DisplayNames(['fr'], { type: 'region' });
const spanish = new Intl.DisplayNames(['es'], { type: 'region' });

function key(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '');
}

// Codes Intl also names that are not current ISO 3166 countries: historical ones go to their successor, the rest
// (EU, UN, exceptional reservations) to nothing.
const SUCCESSOR: Record<string, string | null> = {
  YD: 'YE', DD: 'DE', CS: 'RS', SU: 'RU', YU: 'RS', ZR: 'CD', BU: 'MM', TP: 'TL', AN: 'CW', NH: 'VU', RH: 'ZW', UK: 'GB', FX: 'FR',
  AC: null, CP: null, CQ: null, DG: null, DY: null, EA: null, EU: null, EZ: null, HV: null, IC: null, QO: null, TA: null, UN: null, VD: null, XA: null, XB: null,
};

for (let a = 65; a < 91; a++)
  for (let b = 65; b < 91; b++) {
    const raw = String.fromCharCode(a, b);
    const mapped = raw in SUCCESSOR ? SUCCESSOR[raw] : raw;
    if (!mapped) continue;
    const code = mapped;
    for (const d of [display, french, spanish]) {
      const name = d.of(raw);
      if (name && name !== raw && !NAMES.has(key(name))) NAMES.set(key(name), code);
    }
  }
// Names the lists use that Intl spells otherwise.
const EXTRA: Record<string, string> = {
  democraticrepublicofthecongo: 'CD', congodemocraticrepublic: 'CD', drc: 'CD', republicofthecongo: 'CG', russianfederation: 'RU', syrianarabrepublic: 'SY',
  iranislamicrepublicof: 'IR', iran: 'IR', unitedstates: 'US', usa: 'US', unitedkingdom: 'GB', uk: 'GB', greatbritain: 'GB',
  korea: 'KR', northkorea: 'KP', democraticpeoplesrepublicofkorea: 'KP', southkorea: 'KR', republicofkorea: 'KR', palestine: 'PS',
  libyanarabjamahiriya: 'LY', viet: 'VN', vietnam: 'VN', laos: 'LA', bolivia: 'BO', venezuela: 'VE', tanzania: 'TZ', moldova: 'MD',
  ivorycoast: 'CI', cotedivoire: 'CI', burma: 'MM', macedonia: 'MK', turkey: 'TR', turkiye: 'TR', czechrepublic: 'CZ',
  moroccan: 'MA', french: 'FR', spanish: 'ES', belgian: 'BE', algerian: 'DZ', tunisian: 'TN', iraqi: 'IQ', syrian: 'SY', afghan: 'AF',
  pakistani: 'PK', saudi: 'SA', yemeni: 'YE', libyan: 'LY', egyptian: 'EG', jordanian: 'JO', lebanese: 'LB', somali: 'SO', sudanese: 'SD',
  russian: 'RU', german: 'DE', dutch: 'NL', british: 'GB', american: 'US', mauritanian: 'MR', malian: 'ML', nigerian: 'NG', kuwaiti: 'KW',
  indonesian: 'ID', filipino: 'PH', iranian: 'IR', turkish: 'TR', chechen: 'RU', uzbek: 'UZ', tajik: 'TJ', kazakh: 'KZ', qatari: 'QA',
};
for (const [k, v] of Object.entries(EXTRA)) NAMES.set(k, v);

const ALPHA3: Record<string, string> = { MAR: 'MA', FRA: 'FR', ESP: 'ES', BEL: 'BE', DZA: 'DZ', TUN: 'TN', IRQ: 'IQ', SYR: 'SY', AFG: 'AF', PAK: 'PK', SAU: 'SA', YEM: 'YE', LBY: 'LY', EGY: 'EG', DEU: 'DE', NLD: 'NL', GBR: 'GB', USA: 'US', RUS: 'RU', SOM: 'SO', SDN: 'SD', MRT: 'MR', MLI: 'ML', NGA: 'NG', JOR: 'JO', LBN: 'LB', TUR: 'TR', IRN: 'IR', PRK: 'KP', KOR: 'KR', COD: 'CD' };

/** ISO alpha-2 codes for one or several nationalities as written ("Iraq; Syria", "MA", "Moroccan"). */
export function parseNationalities(input: string | string[] | null | undefined): string[] {
  if (!input) return [];
  const parts = (Array.isArray(input) ? input : [input]).flatMap((x) => String(x).split(/[;,/|]/));
  const out = new Set<string>();
  for (const p of parts) {
    const t = p.trim();
    if (!t) continue;
    if (/^[A-Za-z]{2}$/.test(t)) {
      const up = t.toUpperCase();
      const mapped = up in SUCCESSOR ? SUCCESSOR[up] : up;
      if (mapped) out.add(mapped);
    }
    else if (/^[A-Z]{3}$/.test(t) && ALPHA3[t]) out.add(ALPHA3[t]);
    else {
      const code = NAMES.get(key(t.replace(/^(the)\s+/i, '')));
      if (code) out.add(code);
    }
  }
  return [...out];
}
