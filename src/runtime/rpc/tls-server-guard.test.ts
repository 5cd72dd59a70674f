import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeTlsError } from './tls-server-guard.js';

test("handshake errors are logged as OpenSSL's reason, without its codes and source position", () => {
  const openssl =
    '80CC022BF77F0000:error:0A0000C7:SSL routines:tls_process_client_certificate:peer did not return a ' +
    'certificate:../deps/openssl/openssl/ssl/statem/statem_srvr.c:3517:';
  assert.equal(describeTlsError(new Error(openssl)), 'peer did not return a certificate');
  assert.equal(describeTlsError(new Error('socket hang up')), 'socket hang up');
});
