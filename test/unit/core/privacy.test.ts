/**
 * Personal details in questions: what is caught (private names, schools, e-mail addresses, phone
 * numbers, mentions), what is not (the public figures and organisations the knowledge base names,
 * everyday capitalised words of the domain), and that the redacted text never keeps a detail.
 *
 * Decided and held here:
 * - a lower-case name is caught when the lexicon knows the word only as a given name ("my son
 *   jayden"), not when it is also an ordinary word ("foster carer", "home ed");
 * - any capitalised word straight after "my son", "our daughter", "my DS" ... is a name unless it is
 *   a word the knowledge base or its vocabulary uses;
 * - a school name is caught with capitals ("Perdiswell Primary", "St Mary's") and in lower case when
 *   it has a word that is not of the collection, not common English, not a place and not one slip
 *   from either ("bishop perowne school", "regency high school"; not "specail school");
 * - NHS numbers need the check digit, or the words "NHS number" before them; postcodes are whole
 *   ("WR1 2AB", not "WR1"); a date is a date of birth after "born", "dob", "birthday" and names its day.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/core/engine.ts';
import { DETECTION_RULES, findPersonalDetails, isSensitive, publicNames, type DetectionRule, type PersonalDetailKind } from '../../../src/core/privacy/index.ts';
import { emptyVocabulary } from '../../../src/core/vocabulary.ts';
import { openKnowledge } from '../../../src/knowledge/open.ts';
import { engineOver, KNOWLEDGE_DIR, makeSource } from './helpers.ts';

let engine: Engine;
let names: ReadonlySet<string>;

beforeAll(async () => {
  engine = (await openKnowledge(KNOWLEDGE_DIR)).engine;
  names = publicNames(engine);
});

interface Case {
  readonly text: string;
  readonly kinds: readonly PersonalDetailKind[];
  /** The details as written: none may be left in `redacted` or `without`. */
  readonly gone?: readonly string[];
  /** The exact redacted text, where it matters. */
  readonly redacted?: string;
}

const CASES: readonly Case[] = [
  // Names: first names, full names, titles, double-barrelled, possessive, lower case, capitals.
  { text: 'my son Jayden has been waiting two years for an ASD assessment', kinds: ['name'], gone: ['Jayden'], redacted: 'my son [name] has been waiting two years for an ASD assessment' },
  { text: 'my son jayden has been waiting for ages', kinds: ['name'], gone: ['jayden'] },
  { text: 'My daughter Amelia-Rose Smith-Jones has an EHCP', kinds: ['name'], gone: ['Amelia', 'Rose', 'Smith', 'Jones'] },
  { text: 'my daughter amelia-rose smith-jones has an ehcp', kinds: ['name'], gone: ['amelia', 'rose', 'smith', 'jones'], redacted: 'my daughter [name] [name] has an ehcp' },
  { text: 'my son jake taylor goes to the local school', kinds: ['name'], gone: ['jake', 'taylor'] },
  { text: "Jayden's teacher says he is fine", kinds: ['name'], gone: ['Jayden'], redacted: "[name]'s teacher says he is fine" },
  { text: 'Our SENCO, Mrs Patel, told us to wait', kinds: ['name'], gone: ['Patel'], redacted: 'Our SENCO, [name], told us to wait' },
  { text: 'I asked Dr Smith about the waiting list', kinds: ['name'], gone: ['Smith'] },
  { text: 'Olivia has an EHCP but still struggles', kinds: ['name'], gone: ['Olivia'] },
  { text: 'my lad Tom is 9 and his teacher Mr Brown says he is fine', kinds: ['name'], gone: ['Tom', 'Brown'] },
  { text: 'my twins Tom and Harry are autistic', kinds: ['name'], gone: ['Tom', 'Harry'] },
  { text: 'my DS Alfie is still waiting for paeds', kinds: ['name'], gone: ['Alfie'] },
  { text: "my daughter's name is Poppy and she is 6", kinds: ['name'], gone: ['Poppy'] },
  { text: 'my son is called harry', kinds: ['name'], gone: ['harry'] },
  { text: 'MY SON JAYDEN HAS NO PLACE', kinds: ['name'], gone: ['JAYDEN'] },
  { text: 'my son Oliver (7) has ASD', kinds: ['name'], gone: ['Oliver'] },
  { text: 'Hi all, Sarah here, my son Noah is 5', kinds: ['name'], gone: ['Sarah', 'Noah'] },
  // Schools.
  { text: "My son goes to St Mary's Primary in Worcester", kinds: ['school'], gone: ["St Mary's Primary"], redacted: 'My son goes to [school] in Worcester' },
  { text: 'what time does the SENCo at st marys finish', kinds: ['school'], gone: ['st marys'] },
  { text: 'she is at Bishop Perowne CE College', kinds: ['school'], gone: ['Perowne'] },
  { text: 'is Perdiswell Primary School any good for SEN', kinds: ['school'], gone: ['Perdiswell'] },
  { text: 'he goes to Waseley Hills High', kinds: ['school'], gone: ['Waseley'] },
  { text: "my son's school, St John's C of E First School, is rubbish", kinds: ['school'], gone: ["John's"], redacted: "my son's school, [school], is rubbish" },
  { text: 'does Bredon Hill CE have a SENCo', kinds: ['school'], gone: ['Bredon'] },
  { text: 'what did Ofsted say about Christopher Whitehead Language College', kinds: ['school'], gone: ['Christopher', 'Whitehead'] },
  { text: 'Tudor Grange Academy wont help', kinds: ['school'], gone: ['Tudor Grange'] },
  // E-mail addresses, phone numbers, mentions.
  { text: 'email me at jane.doe+send@example.co.uk please', kinds: ['email'], gone: ['jane.doe', 'example'], redacted: 'email me at [email] please' },
  { text: 'ring me on 07700 900123', kinds: ['phone'], gone: ['900123'] },
  { text: 'ring me on 07700900123', kinds: ['phone'], gone: ['07700900123'] },
  { text: 'my number is +44 7700 900123', kinds: ['phone'], gone: ['7700'] },
  { text: 'or +44 (0)7700 900123 after six', kinds: ['phone'], gone: ['900123'] },
  { text: 'the office is (01905) 765765', kinds: ['phone'], gone: ['765765', '01905'] },
  { text: 'the office is 01905 765 765, ask for SEND', kinds: ['phone'], gone: ['765'] },
  { text: 'call 0800 123 4567 for help', kinds: ['phone'], gone: ['4567'] },
  { text: 'my cousin abroad is on +1 415 555 2671', kinds: ['phone'], gone: ['2671'] },
  { text: 'hi <@123456789012345678> can you see this', kinds: ['mention'], gone: ['123456789012345678'] },
  { text: 'ping <@!123456> and <@&987654> in <#555>', kinds: ['mention'], gone: ['123456', '987654', '555'] },
  { text: '@everyone read this and @here too', kinds: ['mention'], gone: ['@everyone', '@here'] },
  { text: 'ask @sarah_k. she knows', kinds: ['mention'], gone: ['sarah_k'], redacted: 'ask [mention]. she knows' },
  // NHS numbers (the check digit, or the words "NHS number"), postcodes, dates of birth.
  { text: 'his nhs number is 485 777 3456', kinds: ['nhs-number'], gone: ['3456'], redacted: 'his nhs number is [nhs-number]' },
  { text: 'NHS no: 485-777-3456', kinds: ['nhs-number'], gone: ['3456'] },
  { text: 'the referral said 9434765919 on it', kinds: ['nhs-number'], gone: ['9434765919'] },
  { text: 'the letter had 943 476 5918 at the top', kinds: [] },
  { text: 'we live at WR1 2AB, is that in the catchment', kinds: ['postcode'], gone: ['WR1', '2AB'], redacted: 'we live at [postcode], is that in the catchment' },
  { text: 'our postcode is wr12ab', kinds: ['postcode'], gone: ['wr12ab'] },
  { text: 'is B60 1AA covered by worcestershire', kinds: ['postcode'], gone: ['B60 1AA'] },
  { text: 'is the whole WR postcode area covered, or just WR1', kinds: [] },
  { text: 'my son was born 3/4/2015 and still has no plan', kinds: ['birth-date'], gone: ['3/4/2015'], redacted: 'my son was born [birth-date] and still has no plan' },
  { text: 'dob 03.04.15, waiting since 2019', kinds: ['birth-date'], gone: ['03.04.15'] },
  { text: 'his birthday is 4 march 2015', kinds: ['birth-date'], gone: ['4 march 2015'] },
  { text: 'she was born on the 4th of March', kinds: ['birth-date'], gone: ['4th of March'] },
  { text: 'D.O.B. March 4th, 2015', kinds: ['birth-date'], gone: ['March 4th'] },
  { text: 'born in 2015, diagnosed in 2019, the 2024 inspection, on 3 November 2021', kinds: [] },
  // Schools in lower case.
  { text: 'is regency high school any good', kinds: ['school'], gone: ['regency'], redacted: 'is [school] any good' },
  { text: 'whats the ofsted rating for bishop perowne school', kinds: ['school'], gone: ['bishop perowne'] },
  { text: 'my daughter is at perdiswell first school', kinds: ['school'], gone: ['perdiswell'] },
  { text: 'does blackminster academy have a senco', kinds: ['school'], gone: ['blackminster'] },
  { text: 'st marys primary wont do an ehcp', kinds: ['school'], gone: ['st marys'] },
  { text: 'the council says special schools and mainstream schools are full', kinds: [] },
  { text: 'is a specail school or a mainstrem school better, what about secondry school', kinds: [] },
  { text: 'my son goes to a good local high school', kinds: [] },
  // Several at once.
  { text: "My son Jayden Smith goes to St Mary's CE Primary, call me on 07700 900123 or jo@example.com <@42>", kinds: ['name', 'school', 'email', 'phone', 'mention'], gone: ['Jayden', 'Smith', 'Mary', '900123', 'jo@', '<@42>'] },
  // Negatives: public figures the knowledge base names, and everyday capitalised words.
  { text: 'what did Marcus Hart say', kinds: [] },
  { text: 'what did Cllr Marcus Hart, Cabinet Member for Education, say about parents', kinds: [] },
  { text: 'who is Dr Louise Bramble', kinds: [] },
  { text: 'what did louise brambel from the nhs say', kinds: [] },
  { text: 'what did Mr Hart say', kinds: [] },
  { text: 'Thank God for CAMHS, Mum and Dad said. The Council and NHS are slow', kinds: [] },
  { text: 'Ofsted came to Worcestershire, did the SENCo or the EHCP get a mention', kinds: [] },
  { text: 'is Worcestershire Children First any better than the Care Quality Commission said', kinds: [] },
  { text: 'is Families in Partnership the parent carer forum', kinds: [] },
  { text: 'My Son Has Autism And The Council Won\'t Help', kinds: [] },
  { text: 'Can My Child Go To A Mainstream School', kinds: [] },
  { text: 'i live in Kidderminster and my son goes to a Special School', kinds: [] },
  { text: 'Best school for autism in Worcestershire?', kinds: [] },
  { text: 'Worcestershire High Needs funding', kinds: [] },
  { text: 'Redditch schools are full', kinds: [] },
  { text: 'how do i become a foster carer', kinds: [] },
  { text: 'r families taking kids out of school to home ed cos theres no support', kinds: [] },
  { text: 'how do i apply for school transport for my SEN child', kinds: [] },
  { text: 'the 2021-25 strategy, 1-3 November 2021, 18 months, 0-25 years, 8 out of 12', kinds: [] },
  { text: 'email is the best way, or phone the office', kinds: [] },
  { text: 'meet @ 3pm?', kinds: [] },
];

describe('findPersonalDetails', () => {
  it('has a table of at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES.map((c) => [c.text, c] as const))('%s', (_text, c) => {
    const found = findPersonalDetails(c.text, names);
    expect(found.kinds).toEqual(c.kinds);
    if (c.redacted !== undefined) expect(found.redacted).toBe(c.redacted);
    for (const detail of c.gone ?? []) {
      expect(found.redacted).not.toContain(detail);
      expect(found.without).not.toContain(detail);
    }
    if (c.kinds.length === 0) {
      expect(found.redacted).toBe(c.text);
      expect(found.without).toBe(c.text);
    } else {
      for (const kind of c.kinds) expect(found.redacted).toContain(`[${kind}]`);
      expect(found.without).not.toMatch(/\[(name|school|email|phone|mention)\]/);
    }
  });

  it('closes up the spaces and punctuation left where details were removed', () => {
    expect(findPersonalDetails('Our SENCO, Mrs Jones, told us', names).without).toBe('Our SENCO, told us');
    expect(findPersonalDetails('my son Jayden (7) has ASD', names).without).toBe('my son (7) has ASD');
    expect(findPersonalDetails('**Jayden** is at _Perdiswell Primary_', names).without).toBe('is at');
    expect(findPersonalDetails("Jayden's school is slow", names).without).toBe('school is slow');
  });

  it('finds Markdown-wrapped names and lists the kinds in a fixed order', () => {
    const found = findPersonalDetails('ring 07700 900123 about **Jayden** at _Perdiswell Primary_', names);
    expect(found.kinds).toEqual(['name', 'school', 'phone']);
    expect(found.redacted).toBe('ring [phone] about **[name]** at _[school]_');
  });

  it('without the knowledge base, words it would make ordinary can be names, and its people are not public', () => {
    const none = new Set<string>();
    expect(findPersonalDetails('what did Marcus Hart say', none).kinds).toEqual(['name']);
    expect(findPersonalDetails('what did Marcus Hart say', names).kinds).toEqual([]);
  });
});

describe('publicNames', () => {
  it('holds the speakers (with and without their titles), the publishers and capitalised names of the sources', () => {
    for (const name of ['cllr marcus hart', 'marcus hart', 'cllr hart', 'dr louise bramble', 'louise bramble', 'bbc news', 'worcestershire county council', 'care quality commission', 'worcestershire children first']) {
      expect(names.has(name), name).toBe(true);
    }
  });

  it('holds the ordinary words of the collection, but not the words of the people it names', () => {
    for (const word of ['ofsted', 'worcestershire', 'nhs', 'senco', 'ehcp', 'council', 'inspectors', 'mum', 'dad']) expect(names.has(word), word).toBe(true);
    for (const word of ['marcus', 'hart', 'louise', 'bramble']) expect(names.has(word), word).toBe(false);
    expect(findPersonalDetails('my son Marcus is autistic', names).kinds).toEqual(['name']);
  });

  it('takes a capitalised "name" that the knowledge base uses as an ordinary word for that word', () => {
    const marking = publicNames(engineOver([makeSource('s2', 'Inspectors will mark the progress of each plan.')], emptyVocabulary));
    expect(findPersonalDetails('what did Mark say about it', marking).kinds).toEqual([]);
    expect(findPersonalDetails('what did Mark say about it', names).kinds).toEqual(['name']);
  });

  it('is memoised per engine', () => {
    expect(publicNames(engine)).toBe(names);
    const other = engineOver([makeSource('s1', 'Jane Doe, head of the service, said the waits were long.')], emptyVocabulary);
    const theirs = publicNames(other);
    expect(theirs).not.toBe(names);
    expect(theirs.has('jane doe')).toBe(true);
    expect(findPersonalDetails('what did Jane Doe say', theirs).kinds).toEqual([]);
    expect(findPersonalDetails('what did Jane Doe say', names).kinds).toEqual(['name']);
  });

  it('flags nothing in the knowledge base\'s own text', () => {
    for (const p of engine.passages()) expect(findPersonalDetails(p.text, names).kinds, p.text).toEqual([]);
  });
});

describe('the eval questions (real parent questions)', () => {
  /** The eval questions that do name a school (labels of the data, not rules of the detector). */
  const NAMING_A_SCHOOL = new Set([
    'what time does the SENCo at st marys finish on fridays',
    'what ofsted grade did Christopher Whitehead Language College get',
    'whats the ofsted rating for bishop perowne school',
    'ofsted report for worcester sixth form college',
  ]);

  const files = ['questions.json', 'questions-holdout.json', 'questions-holdout-2.json'].map((f) => fileURLToPath(new URL(`../../../eval/${f}`, import.meta.url)));
  const questions = files.flatMap((file) => {
    const set = JSON.parse(readFileSync(file, 'utf8')) as { inScope: { q: string }[]; outOfScope: { q: string }[] };
    return [...set.inScope, ...set.outOfScope].map((x) => x.q);
  });

  it('flags none that has no personal detail (no false positives), and finds the schools they name', () => {
    expect(questions.length).toBeGreaterThan(250);
    const flagged = questions.filter((q) => findPersonalDetails(q, names).kinds.length > 0);
    const falsePositives = flagged.filter((q) => !NAMING_A_SCHOOL.has(q));
    expect(falsePositives).toEqual([]);
    expect(new Set(flagged)).toEqual(NAMING_A_SCHOOL);
    for (const q of NAMING_A_SCHOOL) expect(findPersonalDetails(q, names).kinds).toEqual(['school']);
  });

  it('finds the same with and without the tagger on a text with no capital and no name or place word', () => {
    // The tagger is skipped where it could find nothing; every question, the cases above, and all of
    // them lower-cased must come out exactly as when it always runs.
    const texts = [...questions, ...CASES.map((c) => c.text)];
    const all = [...texts, ...texts.map((t) => t.toLowerCase())];
    const differ = all.filter((t) => JSON.stringify(findPersonalDetails(t, names)) !== JSON.stringify(findPersonalDetails(t, names, { alwaysTag: true })));
    expect(differ).toEqual([]);
  });
});

describe('robustness', () => {
  it('reads a 10,000-character message with emoji, Markdown and control characters, and keeps no detail', () => {
    const big = "My son Jayden 😀 goes to **St Mary's Primary**\u0007 and emails jane@example.com, ring 07700 900123 👨‍👩‍👧 <@42>. ".repeat(120).slice(0, 10_000);
    const started = performance.now();
    const found = findPersonalDetails(big, names);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(found.kinds).toEqual(['name', 'school', 'email', 'phone', 'mention']);
    for (const detail of ['Jayden', 'Mary', 'jane@', '900123', '<@42>']) expect(found.redacted).not.toContain(detail);
  });

  it('never throws, and returns strings, on odd input', () => {
    const odd = ['', ' ', '\u0000\u0001\u001f', '\ud800', '\udfff x', '😀'.repeat(500), '@'.repeat(1000), '+1'.repeat(5000), '0'.repeat(10_000),
      '<@>', '<@!>', '[name]', 'St', 'st.', 'C of E', 'CE', '**', '`code` ```block```', '\n\n\n', 'é'.repeat(3000), 'Ａｂｃ'];
    // A seeded mix of awkward pieces.
    const pieces = ['a', 'B', ' ', '\n', '@', '<', '>', '#', '0', '7', '+', '(', ')', '-', '.', "'", 's', 'St', 'Mary', 'Tom', '😀', '\u200d', '\u0000', '\ud800', 'School', 'CE', 'C of E', '*', '_', 'é', 'Jayden', 'my son ', 'x@y.co'];
    let seed = 7;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      let s = '';
      for (let k = Math.floor(random() * 40); k > 0; k--) s += pieces[Math.floor(random() * pieces.length)];
      odd.push(s);
    }
    for (const text of odd) {
      const found = findPersonalDetails(text, names);
      expect(typeof found.redacted, JSON.stringify(text)).toBe('string');
      expect(typeof found.without).toBe('string');
      expect(Array.isArray(found.kinds)).toBe(true);
    }
    expect(findPersonalDetails(undefined as unknown as string, names)).toEqual({ kinds: [], redacted: '', without: '', checked: true, ruleFailures: [] });
  });

  describe('fails closed', () => {
    const broken: DetectionRule = {
      name: 'broken',
      find: () => {
        throw new Error('a rule bug');
      },
    };

    it('marks the result unchecked, names the failed rule, and still runs the other rules', () => {
      const found = findPersonalDetails('Email me at jo@example.com about the wait', names, { rules: [broken, ...DETECTION_RULES] });
      expect(found.checked).toBe(false);
      expect(found.ruleFailures).toEqual(['broken']);
      expect(found.kinds).toEqual(['email']);
      expect(found.redacted).toBe('Email me at [email] about the wait');
      expect(isSensitive(found)).toBe(true);
    });

    it('treats an unchecked text with nothing found as sensitive, and a checked clean one as not', () => {
      const unchecked = findPersonalDetails('how long is the wait for an autism assessment', names, { rules: [broken] });
      expect(unchecked).toMatchObject({ kinds: [], checked: false, ruleFailures: ['broken'] });
      expect(isSensitive(unchecked)).toBe(true);
      const clean = findPersonalDetails('how long is the wait for an autism assessment', names);
      expect(clean).toMatchObject({ kinds: [], checked: true, ruleFailures: [] });
      expect(isSensitive(clean)).toBe(false);
    });

    it('with the default rules, checks every odd input fully (no rule throws on it)', () => {
      for (const text of ['', '\ud800', '@'.repeat(1000), "Mrs Patel at St Mary's CE Primary", '+1'.repeat(5000)]) {
        expect(findPersonalDetails(text, names).ruleFailures, JSON.stringify(text.slice(0, 20))).toEqual([]);
      }
    });
  });
});

describe('loading', () => {
  /**
   * The modules a file loads when run (type-only imports are erased), and the packages they load.
   * Good enough for this project's own code: static `import`/`export ... from`, `import('...')` and `require('...')`.
   */
  function loadedBy(entry: string): { files: Set<string>; packages: Set<string> } {
    const files = new Set<string>();
    const packages = new Set<string>();
    const queue = [entry];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (files.has(file)) continue;
      files.add(file);
      const source = readFileSync(file, 'utf8');
      const specifiers = [
        ...[...source.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?\sfrom\s+'([^']+)'/gms)].map((m) => m[1]),
        ...[...source.matchAll(/^import\s+'([^']+)'/gm)].map((m) => m[1]),
        ...[...source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]),
        // src/core/privacy/nlp.ts loads compromise's prebuilt bundle with require().
        ...[...source.matchAll(/\brequire\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]),
      ];
      for (const spec of specifiers) {
        if (spec === undefined) continue;
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (existsSync(target)) queue.push(target);
        } else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec));
      }
    }
    return { files, packages };
  }

  it('keeps compromise (tens of megabytes) out of the engine and the command-line ask', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    // The check itself must see a module that does load it.
    expect(loadedBy(resolve(root, 'src/core/privacy/index.ts')).packages.has('compromise')).toBe(true);
    for (const entry of ['src/cli/ask.ts', 'src/core/engine.ts', 'src/knowledge/open.ts']) {
      const { files, packages } = loadedBy(resolve(root, entry));
      expect(files.size, entry).toBeGreaterThan(1);
      expect(packages.has('compromise'), entry).toBe(false);
      expect(files.has(resolve(root, 'src/core/privacy/index.ts')), entry).toBe(false);
    }
  });
});
