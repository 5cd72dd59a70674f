// The StreamEdge id format (`${sourceId}->${targetId}#${index}`), made and read in one place. The index counts
// earlier edges between the same two nodes (a stream unioned with itself, or connected to itself), so ids stay
// unique and, like node ids, identical on every run of the same program.

export function streamEdgeId(sourceId: number, targetId: number, index: number): string {
  return `${sourceId}->${targetId}#${index}`;
}

const EDGE_ID = /^(\d+)->(\d+)#(\d+)$/;

export function parseStreamEdgeId(id: string): { sourceId: number; targetId: number; index: number } {
  const m = EDGE_ID.exec(id);
  if (m === null) throw new Error(`Malformed stream edge id '${id}': expected '<sourceId>-><targetId>#<index>'`);
  return { sourceId: Number(m[1]), targetId: Number(m[2]), index: Number(m[3]) };
}
