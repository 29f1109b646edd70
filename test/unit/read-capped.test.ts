import { PassThrough, Readable } from 'node:stream';
import { OverLimitError, PrematureCloseError, readCapped } from '../../src/util/read-capped';

it('collects every chunk up to the limit', async () => {
  await expect(readCapped(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), 4)).resolves.toEqual(Buffer.from('abcd'));
});

it('fails at the first byte past the limit and destroys the stream', async () => {
  const stream = new PassThrough();
  const reading = readCapped(stream, 3);
  stream.write('ab');
  stream.write('cd');
  await expect(reading).rejects.toBeInstanceOf(OverLimitError);
  expect(stream.destroyed).toBe(true);
});

it('reports a stream that closes before its end', async () => {
  const stream = new PassThrough();
  const reading = readCapped(stream, 100);
  stream.write('ab');
  stream.destroy();
  await expect(reading).rejects.toBeInstanceOf(PrematureCloseError);
});

it("reports the stream's own error, and one raised after it gave up does not go unhandled", async () => {
  const stream = new PassThrough();
  const reading = readCapped(stream, 1);
  stream.write('ab');
  await expect(reading).rejects.toBeInstanceOf(OverLimitError);
  const failing = new PassThrough();
  const second = readCapped(failing, 10);
  failing.destroy(new Error('reset'));
  await expect(second).rejects.toThrow('reset');
  failing.emit('error', new Error('late'));
});
