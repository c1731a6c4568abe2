/**
 * A stored game as PGN (the export format of the PGN standard): the seven-tag roster, SetUp / FEN
 * when the game did not start from the standard position, then every move, numbered, lines of at
 * most 80 characters, and the result. Built from the record's SAN list: nothing is replayed.
 */
import { sanMoves, type StoredGame } from './record.ts';
import { STANDARD_FEN } from './game.ts';

/** The whole game in PGN. */
export function toPgn(gameId: string, record: StoredGame): string {
  const result = resultOf(record);
  const tags: [string, string][] = [
    ['Event', `Skylit game ${gameId}`],
    ['Site', 'Skylit'],
    ['Date', record.createdAt.slice(0, 10).replaceAll('-', '.')],
    ['Round', '-'],
    ['White', record.players.w === 'computer' ? 'Computer' : 'Person'],
    ['Black', record.players.b === 'computer' ? 'Computer' : 'Person'],
    ['Result', result],
  ];
  if (record.startFen !== STANDARD_FEN) tags.push(['SetUp', '1'], ['FEN', record.startFen]);
  if (record.outcome.status === 'resigned') tags.push(['Termination', 'resignation']);
  const header = tags.map(([name, value]) => `[${name} "${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"]`).join('\n');
  return `${header}\n\n${wrap([...numbered(record), result])}\n`;
}

/** "1-0", "0-1", "1/2-1/2", or "*" while the game goes on. */
function resultOf(record: StoredGame): string {
  const { status, winner } = record.outcome;
  if (status === 'active') return '*';
  if (winner) return winner === 'w' ? '1-0' : '0-1';
  return '1/2-1/2';
}

/** The movetext tokens: "1." before white's moves, "1..." when the game starts with black's. */
function numbered(record: StoredGame): string[] {
  const [, side, , , , full] = record.startFen.split(' ');
  let number = Number(full) || 1;
  let white = side !== 'b';
  const tokens: string[] = [];
  sanMoves(record).forEach((san, i) => {
    if (white) tokens.push(`${number}.`);
    else if (i === 0) tokens.push(`${number}...`);
    tokens.push(san);
    if (!white) number += 1;
    white = !white;
  });
  return tokens;
}

/** Joins tokens into lines of at most 80 characters. */
function wrap(tokens: string[]): string {
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (line && line.length + 1 + token.length > 80) {
      lines.push(line);
      line = token;
    } else line = line ? `${line} ${token}` : token;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
