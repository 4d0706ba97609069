/**
 * Questions that ask how to do something or whom to contact ("how do I apply for…", "who do I ring
 * about…", "what's the phone number for…"), and passages that can answer one: the expected answer
 * type of a question, as question-answering systems have long used it. Reports and news stories
 * say what happened, rarely what a parent should do; a passage that shares the question's words but
 * gives no guidance ("Parents applied for an EHCP in March…") does not answer "how do I apply".
 * When the knowledge base holds guidance ("please visit our Local Offer web page", "each team will
 * have its own phone number"), such questions are answered as before. Pure.
 */

const ASKING = new Set(['do', 'can', 'could', 'would', 'should', 'shall', 'cn', 'cud', 'shud', 'wud']);
const ASKER = new Set(['i', 'we', 'you', 'u', 'one']);
/** "How do I know / tell / feel…" asks for a judgement, not a procedure. */
const JUDGEMENT = new Set(['know', 'tell', 'feel', 'think', 'believe', 'trust']);
/** What one does when asking whom or where. */
const CONTACTING = new Set(['ring', 'call', 'phone', 'contact', 'ask', 'speak', 'talk', 'complain', 'email', 'write', 'go', 'apply', 'report', 'send', 'take', 'get', 'find', 'appeal', 'turn']);
const CONTACT_DETAIL: readonly (readonly [string, ReadonlySet<string>])[] = [
  ['phone', new Set(['number', 'numbers', 'no'])],
  ['telephone', new Set(['number', 'numbers', 'no'])],
  ['contact', new Set(['number', 'numbers', 'details', 'email', 'address'])],
  ['email', new Set(['address', 'addresses'])],
  ['opening', new Set(['times', 'hours', 'time'])],
];

/**
 * The question (its words, as `text.ts` `words` gives them) asks for a procedure or a contact:
 * "how do/can I…" (not "how do I know…"), "how to…", "who/where do I ring, apply, complain…",
 * "phone number", "email address", "contact details", "opening times", "what time does … open".
 */
export function asksProcedure(ws: readonly string[]): boolean {
  return ws.some((w, i) => {
    const [a = '', b = '', c = ''] = ws.slice(i + 1, i + 4);
    if (w === 'how' && a === 'to') return !JUDGEMENT.has(b);
    if (w === 'how' && ASKING.has(a) && ASKER.has(b)) return !JUDGEMENT.has(c);
    if ((w === 'who' || w === 'where') && ASKING.has(a) && ASKER.has(b)) return CONTACTING.has(c);
    if (w === 'what' && a === 'time' && ['does', 'do', 'is'].includes(b)) return ws.slice(i + 3).some((x) => x === 'open' || x === 'close' || x === 'shut');
    return CONTACT_DETAIL.some(([first, next]) => w === first && next.has(a));
  });
}

const GUIDANCE: readonly RegExp[] = [
  // Addressed to the reader.
  /\byou (?:can|could|should|may|must|will need to|need to|might want to)\b/i,
  /\bplease (?:visit|contact|call|phone|ring|e-?mail|see|go|read|use|fill|complete|apply|speak|write|click|follow|get in touch)\b/i,
  // Where to turn.
  /\b(?:phone|telephone|contact|helpline) numbers?\b|\be-?mail address(?:es)?\b|\bcontact details\b|\bopening (?:times|hours)\b|\bhelpline\b|\bweb ?(?:site|page)\b|\bonline form\b|\bapplication form\b/i,
  // Somewhere to look: an online resource, a directory of services (a council's SEND "local offer"), signposting.
  /\b(?:online|signpost\w*|local offer|(?:information|advice),? (?:and|&) (?:advice|guidance|support))\b/i,
  // A tool or service described by what it lets families do.
  /\b(?:help|helps|helping|allow|allows|allowing|enable|enables|enabling)\s+(?:families|parents|carers|people|you)\s+(?:to\s+)?(?:find|identify|apply|request|contact|get|access|check|book)\b/i,
  // A link, an e-mail address (parts bounded as e-mail bounds them, so a long run of dots cannot
  // make the match slow) or a UK phone number.
  /https?:\/\/|\bwww\.|\b[\w.+-]{1,64}@[\w-]{1,63}\.\w[\w.]{0,62}|\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b/i,
];

/** The passage gives guidance or a contact (see {@link GUIDANCE}): it can answer a procedural question. */
export function givesProcedure(text: string): boolean {
  return GUIDANCE.some((re) => re.test(text));
}
