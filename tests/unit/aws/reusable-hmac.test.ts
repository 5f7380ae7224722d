import { describe, expect, it } from '@jest/globals';
import { createHmac, randomBytes } from 'node:crypto';
import { ReusableHmac } from '../../../packages/aws/src/reusable-hmac';

describe('ReusableHmac', () => {
  it.each([0, 1, 32, 63, 64, 65, 200])('matches createHmac for a %i-byte key', (keyLength) => {
    const key = randomBytes(keyLength);
    const mac = new ReusableHmac(key);
    for (const message of ['', 'AWS4-HMAC-SHA256\n20261130T235959Z', 'é€😀'.repeat(50)]) {
      expect(mac.hex(message)).toBe(
        createHmac('sha256', key).update(message, 'utf8').digest('hex'),
      );
    }
  });

  it('gives the same MAC however often it is used (the hashed key blocks are not consumed)', () => {
    const mac = new ReusableHmac(randomBytes(32));
    const first = mac.hex('one');
    mac.hex('two');
    expect(mac.hex('one')).toBe(first);
  });

  it('matches the RFC 4231 test case 2', () => {
    const mac = new ReusableHmac(Buffer.from('Jefe'));
    expect(mac.hex('what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});
