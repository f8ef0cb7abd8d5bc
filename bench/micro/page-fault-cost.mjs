// What this machine charges for memory the process touches for the first time, against memory
// it touches again: ns per 4 KB page. On a virtual machine whose host hands memory back and
// forth, a first touch can cost tens of times a normal page fault, and then every fresh
// allocation does: a body concatenated into a new large string, a new Buffer, new socket
// buffers. Which sender wins on CPU then depends on who reuses memory (hookline's pooled
// bodies do), so read the suite's ratios with this figure in mind.
//   node bench/micro/page-fault-cost.mjs
const PAGE = 4096;
const SIZE = 128 * 1024 * 1024;

for (let round = 0; round < 3; round++) {
  // allocUnsafeSlow: fresh memory of its own, not from Node's pool.
  const memory = Buffer.allocUnsafeSlow(SIZE);
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < SIZE; i += PAGE) memory[i] = 1;
  const first = Number(process.hrtime.bigint() - t0) / (SIZE / PAGE);
  t0 = process.hrtime.bigint();
  for (let i = 0; i < SIZE; i += PAGE) memory[i] = 2;
  const again = Number(process.hrtime.bigint() - t0) / (SIZE / PAGE);
  console.log(`first touch ${first.toFixed(0)} ns per page, touched again ${again.toFixed(0)} ns per page`);
}
