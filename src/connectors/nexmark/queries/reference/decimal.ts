// The exact value of `0.908 * price` (DECIMAL(23, 3)) as the JS parser rounds its decimal text: an oracle for the
// queries' arithmetic that shares nothing with it. Test oracle only.

export function referenceEuros(price: number): number {
  const thousandths = BigInt(price) * 908n;
  const sign = thousandths < 0n ? '-' : '';
  const abs = thousandths < 0n ? -thousandths : thousandths;
  const fraction = (abs % 1000n).toString().padStart(3, '0');
  return Number(`${sign}${abs / 1000n}.${fraction}`);
}
