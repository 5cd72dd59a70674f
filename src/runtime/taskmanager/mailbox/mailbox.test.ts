import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Mailbox } from './mailbox.js';

test('mails run in order, including mails queued while draining', () => {
  const mailbox = new Mailbox();
  const seen: string[] = [];
  mailbox.execute(() => {
    seen.push('a');
    mailbox.execute(() => seen.push('c'), 'c');
  }, 'a');
  mailbox.execute(() => seen.push('b'), 'b');
  mailbox.drain();
  assert.deepEqual(seen, ['a', 'b', 'c']);
  assert.equal(mailbox.size, 0);
});

test('whenMail resolves when a mail arrives', async () => {
  const mailbox = new Mailbox();
  let woke = false;
  const waiting = mailbox.whenMail().then(() => {
    woke = true;
  });
  await new Promise((r) => setImmediate(r));
  assert.equal(woke, false);
  mailbox.execute(() => {}, 'x');
  await waiting;
  assert.equal(woke, true);
});

test('a failing mail keeps the mails after it queued', () => {
  const mailbox = new Mailbox();
  const seen: string[] = [];
  mailbox.execute(() => {
    throw new Error('boom');
  }, 'bad');
  mailbox.execute(() => seen.push('after'), 'after');
  assert.throws(() => mailbox.drain(), /boom/);
  assert.equal(mailbox.size, 1);
  mailbox.drain();
  assert.deepEqual(seen, ['after']);
});
