/**
 * Pages are drawn one per turn of the event loop. Drawing a page of hundreds of
 * rows holds the thread for milliseconds; when the data of many pages arrives
 * at once, drawing them all in the same turn keeps every other request (a
 * /healthz probe, a small page, a save) waiting behind the lot. Queued here,
 * each waits for a turn of its own (setImmediate), and what arrived meanwhile
 * is read in between. The work done is the same; only its order changes. A
 * draw runs outside its request's call stack, so it must not throw: it hands
 * its errors to its own callback (see configureViews in app.ts).
 */
const waiting: Array<() => void> = [];
let scheduled = false;

function drawNext(): void {
  const draw = waiting.shift();
  scheduled = waiting.length > 0;
  if (scheduled) setImmediate(drawNext);
  draw?.();
}

export function inTurn(draw: () => void): void {
  waiting.push(draw);
  if (!scheduled) {
    scheduled = true;
    setImmediate(drawNext);
  }
}
