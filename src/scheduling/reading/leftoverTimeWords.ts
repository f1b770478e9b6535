/**
 * Words about time left in the text after the start and the length were read out of it: a sign the
 * reading took only part of what the person said ("twenty after ⟨3pm⟩", "Tuesday the 19th ⟨at 3pm⟩"),
 * so the start is asked, not guessed.
 */

const ALWAYS_TIME = [
  String.raw`(?:mon|tues?|wed|thu|thurs?|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?s?`,
  String.raw`jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?`,
  String.raw`today|tonight|tomorrow|christmas|xmas|thanksgiving|tmrw?|yesterday|noon|midday|midnight|morning|afternoon|evening|eod|eow|cob|o'?clock|a\.?m\.?|p\.?m\.?|weekend|fortnight`,
].join('|');
/**
 * Words that are about time only next to a number or to the words read: "⟨3pm⟩ or 4", "twenty after ⟨3pm⟩".
 * Number words are left out: "One tomorrow 9am" is a topic; "five to noon" is read whole, and
 * "twenty after ⟨3pm⟩" is caught by its "after".
 */
const NEAR_TIME = String.raw`\d+(?:st|nd|rd|th|h)?|quarter|half|past|after|before|to|till|til|until|from|of|the|next|last|this|ago|later|night|days?|weeks?|months?|years?|hours?|mins?|minutes?|or|and|between`;

const ALWAYS = new RegExp(String.raw`(?<![\w'])(?:${ALWAYS_TIME})(?![\w'])`, 'i');
/** A clock or calendar shape whatever the words: 10:30, 3pm, 12/3, 2-15, 15th. */
const SHAPES = /(?<![\w:])(?:\d{1,2}[:.]\d{2}|\d{1,2}\s*[ap]\.?m\.?|\d{1,4}[/-]\d{1,2}(?:[/-]\d{1,4})?|\d{1,2}(?:st|nd|rd|th))(?![\w])/i;
const NEAR = new RegExp(String.raw`^(?:${NEAR_TIME})$`, 'i');
const NUMBER = /^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|quarter|half)$/i;
const UNIT = /^(?:days?|weeks?|months?|years?|hours?|mins?|minutes?)$/i;

export interface TextPiece {
  text: string;
  /** The piece ends where the reading starts / starts where it ends. */
  beforeReading: boolean;
  afterReading: boolean;
}

/** The first time-like word left in the pieces of text around the reading, if any. */
export function leftoverTimeWord(pieces: TextPiece[]): string | undefined {
  for (const piece of pieces) {
    const always = ALWAYS.exec(piece.text) ?? SHAPES.exec(piece.text);
    if (always) return always[0].trim();
    const words = piece.text.split(/[\s,;]+/).filter((word) => word && !/^(?:at|on|@)$/i.test(word));
    // Next to the reading: "24 ⟨Dec 3⟩", "⟨3pm⟩ or 4".
    const touching = [piece.beforeReading ? words.at(-1) : undefined, piece.afterReading ? words[0] : undefined];
    const near = touching.find((word) => word !== undefined && NEAR.test(word) && !/^(?:the|of|this|and|from|next|last)$/i.test(word));
    if (near) return near;
    // A number with a unit anywhere: "2 weeks", "in three days".
    for (let i = 0; i + 1 < words.length; i++) {
      if (NUMBER.test(words[i]!) && (UNIT.test(words[i + 1]!) || /^(?:past|after|to|till|before|from)$/i.test(words[i + 1]!))) return `${words[i]} ${words[i + 1]}`;
    }
  }
  return undefined;
}
