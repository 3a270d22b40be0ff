/**
 * A stable colour per peer id: the id's hue is spread by the golden angle so that ids close
 * together still look different. The server (peer 1) is always grey.
 */
export function peerColor(id: number): string {
  if (id === 1) return "hsl(0 0% 70%)";
  // Multiply by an odd constant first: random ids share no structure, but sequential ones would.
  const mixed = Math.imul(id, 0x9e3779b1) >>> 0;
  const hue = Math.round((mixed / 0x100000000) * 360);
  return `hsl(${hue} 75% 62%)`;
}
