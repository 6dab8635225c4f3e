import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientText, escapeHtml, neutralizeText, REPLACEMENT } from './escape.js';

const DECEPTIVE = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u2028',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u{e0041}',
];

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;',
    );
  });
});

describe('neutralizeText: client_name cannot impersonate another app', () => {
  it('replaces a right-to-left override so "exe.gnp" cannot display as "png.exe"', () => {
    const spoof = 'Photo viewer \u202Egnp.exe';
    const shown = neutralizeText(spoof);
    expect(shown).toBe(`Photo viewer ${REPLACEMENT}gnp.exe`);
  });

  it.each(DECEPTIVE.map((char) => [char.codePointAt(0)?.toString(16), char]))(
    'neutralizes U+%s',
    (_hex, char) => {
      expect(neutralizeText(`Goo${char}gle`)).toBe(`Goo${REPLACEMENT}gle`);
    },
  );

  it('turns tabs and newlines into single spaces, trims and caps the length', () => {
    expect(neutralizeText('  My\t\tApp\r\nPro  ')).toBe('My App Pro');
    expect(Array.from(neutralizeText('x'.repeat(500), 80))).toHaveLength(80);
    expect(neutralizeText('x'.repeat(500), 80).endsWith('\u2026')).toBe(true);
  });

  it('keeps ordinary international names', () => {
    expect(neutralizeText('Café ☕ 東京 مرحبا')).toBe('Café ☕ 東京 مرحبا');
  });

  it('property: output never holds a control, bidi or zero-width character', () => {
    const dangerous =
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
      /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u206f\ufeff]/u;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (value) => {
        expect(dangerous.test(neutralizeText(value))).toBe(false);
      }),
    );
  });

  it('property: clientText never lets markup through', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (value) => {
        const html = clientText(value).slice('<bdi>'.length, -'</bdi>'.length);
        expect(html).not.toMatch(/[<>"]/);
      }),
    );
  });
});
