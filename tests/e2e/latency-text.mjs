// Article text for the latency tests, written for them (no dataset text): a few paragraphs of
// made-up news with names, dates and claims, varied and repeated to any length.
const PARAS = [
  'RIVERTON, {date} — The city council of {city} voted on Tuesday to delay the opening of the new harbour bridge until {month}, according to a statement from Mayor {person}. Officials said the delay could cost as much as $4 million.',
  'Engineers from {org} told reporters that the steel cables may have been damaged during a storm last week. The claim could not be independently verified, and a spokeswoman for the contractor denied that any cables were affected.',
  '{person}, who has led the project since 2019, said the council would meet again in two weeks. "We want the bridge open by the summer," {surname} said in an interview on Friday morning.',
  'Some residents say the ferry service, which runs every Monday and Thursday, is no longer enough for the {norp} fishing families on the north shore. A petition signed by more than 3,000 people was handed to the {org} board on March 3.',
  'The regional transport minister, {person2}, is expected to visit {city} next month. Her office said she had "no plans to intervene" but would review the budget for the next three years.',
  'Reportedly, the first inspection found cracks in two of the twelve towers. Critics, including the opposition leader {person2}, allege that the warnings were ignored for months, a charge the council disputes.',
  'Traffic on the old bridge rose by 12 percent in 2023, the {org} annual report shows. Delays of up to an hour were common at 8 a.m. on weekdays, drivers told the Riverton Herald.',
];
const FILL = {
  date: ['April 9, 2024', 'Jan. 15, 2025', 'Oct. 2, 2023', 'June 21, 2024'],
  city: ['Riverton', 'Lakeside', 'Port Ellery', 'Northam'],
  month: ['September', 'late October', 'the end of the year', 'next spring'],
  person: ['Helen Marsh', 'David Okafor', 'Maria Lindqvist', 'Tomás Herrera'],
  surname: ['Marsh', 'Okafor', 'Lindqvist', 'Herrera'],
  person2: ['Anna Beck', 'Samuel Idowu', 'Claire Dubois', 'Raj Mehta'],
  org: ['the Harbour Authority', 'Northbridge Engineering', 'the Coastal Transport Agency', 'Meridian Steel'],
  norp: ['Norwegian', 'Portuguese', 'Catholic', 'Irish'],
};

/** About `chars` UTF-16 code units of article text, paragraphs separated by blank lines. */
export function article(chars) {
  const out = [];
  let n = 0;
  for (let k = 0; n < chars; k++) {
    const v = Math.floor(k / PARAS.length);
    const p = PARAS[k % PARAS.length].replace(/\{(\w+)\}/g, (_, key) => {
      const xs = FILL[key];
      // A person and their surname share an index; the rest shift at different rates.
      const i = key === 'person' || key === 'surname' ? v : v + key.length + Math.floor(v / 4);
      return xs[i % xs.length];
    });
    out.push(p);
    n += p.length + 2;
  }
  return out.join('\n\n').slice(0, chars);
}
