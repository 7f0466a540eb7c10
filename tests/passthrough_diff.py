#!/usr/bin/python3
"""Differential check of cfecs's passthrough against Python's json module.

  passthrough_diff.py gen SEED COUNT > in.ndjson
      random records written by hand (not json.dumps): 1-3 character keys
      and tokens, long arrays of tiny tokens, deep nesting, every escape,
      lone surrogates, \\u0000, non-ASCII of 1-4 bytes, duplicate keys,
      big integers, odd white space.
  passthrough_diff.py check in.ndjson out.ndjson
      for every line, cloudflare.* of the event (cfecs --keep-empty) must
      equal the record as Python parses it, value for value: numbers
      compared as their exact text, integers of 2^53 and more as strings
      of their digits, the last of duplicate keys, a lone surrogate as
      U+FFFD.  Prints the first differences; exit 1 if any.
"""
import json
import random
import sys

ESCAPES = ['\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t',
           '\\u0000', '\\u001f', '\\u00e9', '\\u20ac', '\\ud83d\\ude00',
           '\\uD834\\uDD1E', '\\ud800', '\\udfff', '\\ud800\\ud800',
           '\\u0041']
CHARS = ['a', 'b', 'Z', '0', ' ', '~', '\u00e9', '\u20ac', '\U0001f600',
         '\U00010348', '\u0800', '\uffef']
WS = ['', '', '', ' ', '\t', '  ', '\r']


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def ws(self):
        return self.r.choice(WS)

    def text(self, maxlen):
        out = []
        for _ in range(self.r.randint(0, maxlen)):
            if self.r.random() < 0.25:
                out.append(self.r.choice(ESCAPES))
            else:
                out.append(self.r.choice(CHARS))
        return ''.join(out)

    def string(self, maxlen=3):
        return '"' + self.text(maxlen) + '"'

    def number(self):
        r = self.r.random()
        if r < 0.5:
            return str(self.r.randint(-9, 99))
        if r < 0.6:
            return str(self.r.choice([1, -1]) *
                       self.r.randint(2**53 - 3, 2**64 + 3))
        if r < 0.7:
            return '-0' if self.r.random() < 0.5 else '0'
        if r < 0.85:
            return '%d.%d' % (self.r.randint(0, 99), self.r.randint(0, 999))
        return '%s%de%s%d' % (self.r.choice(['', '-']), self.r.randint(0, 9),
                              self.r.choice(['', '+', '-']),
                              self.r.randint(0, 30))

    def scalar(self):
        r = self.r.random()
        if r < 0.4:
            return self.number()
        if r < 0.8:
            return self.string(self.r.choice([0, 1, 2, 3, 3, 12]))
        return self.r.choice(['null', 'true', 'false'])

    def value(self, depth):
        r = self.r.random()
        if depth > 0 and r < 0.15:
            return self.obj(depth - 1, self.r.randint(0, 4))
        if depth > 0 and r < 0.3:
            return self.array(depth - 1, self.r.randint(0, 4))
        return self.scalar()

    def array(self, depth, n):
        items = [self.ws() + self.value(depth) + self.ws() for _ in range(n)]
        return '[' + ','.join(items) + ']'

    def key(self, keys):
        if keys and self.r.random() < 0.15:     # a duplicate
            return self.r.choice(keys)
        k = self.string(self.r.choice([1, 1, 2, 3]))
        keys.append(k)
        return k

    def obj(self, depth, n):
        keys = []
        members = []
        for _ in range(n):
            members.append(self.ws() + self.key(keys) + self.ws() + ':' +
                           self.ws() + self.value(depth) + self.ws())
        return '{' + ','.join(members) + '}'

    def tiny_array(self):
        n = self.r.choice([50, 300, 2000])
        tok = self.r.choice(['0', '1', '""', '"a"', 'null', '[]', '{}'])
        return '[' + ','.join(self.r.choice([tok, '7', '"b"'])
                              for _ in range(n)) + ']'

    def deep(self):
        d = self.r.randint(20, 300)
        inner = self.scalar()
        for _ in range(d):
            if self.r.random() < 0.5:
                inner = '[' + inner + ']'
            else:
                inner = '{' + self.string(1) + ':' + inner + '}'
        return inner

    def record(self):
        keys = []
        members = []
        for _ in range(self.r.randint(0, 12)):
            r = self.r.random()
            if r < 0.08:
                v = self.tiny_array()
            elif r < 0.12:
                v = self.deep()
            else:
                v = self.value(3)
            members.append(self.ws() + self.key(keys) + self.ws() + ':' +
                           self.ws() + v + self.ws())
        return self.ws() + '{' + ','.join(members) + '}' + self.ws()


class Num:
    """A number as its exact text."""
    __slots__ = ('text',)

    def __init__(self, text):
        self.text = text

    def __eq__(self, other):
        return isinstance(other, Num) and other.text == self.text

    def __repr__(self):
        return 'Num(%s)' % self.text


def no_surrogates(s):
    return ''.join('\ufffd' if 0xD800 <= ord(c) <= 0xDFFF else c for c in s)


def members(pairs):
    """An object: keys as cfecs reads them (a lone surrogate is U+FFFD),
    then the last of equal keys wins."""
    obj = {}
    for k, v in pairs:
        obj[no_surrogates(k)] = v
    return obj


def load(text):
    return json.loads(text, parse_int=Num, parse_float=Num,
                      parse_constant=Num, object_pairs_hook=members)


def expected(v):
    """What cfecs promises to write for a value Python read."""
    if isinstance(v, Num):
        t = v.text
        digits = t[1:] if t.startswith('-') else t
        if digits.isdigit() and int(digits) >= 2**53:
            return t
        return v
    if isinstance(v, str):
        return no_surrogates(v)
    if isinstance(v, list):
        return [expected(x) for x in v]
    if isinstance(v, dict):
        return {no_surrogates(k): expected(x) for k, x in v.items()}
    return v


def check(inpath, outpath):
    with open(inpath, encoding='utf-8', newline='') as f:
        lines = f.read().split('\n')[:-1]
    with open(outpath, 'rb') as f:
        events = f.read().split(b'\n')[:-1]
    if len(lines) != len(events):
        print('%d records in, %d events out' % (len(lines), len(events)))
        return 1
    bad = 0
    for i, (line, ev) in enumerate(zip(lines, events), 1):
        want = expected(load(line))
        try:
            ev = ev.decode('utf-8')
            got = load(ev).get('cloudflare', {})
        except ValueError as e:    # not UTF-8, or not JSON
            got = 'unreadable: %s' % e
            ev = repr(ev)
        if got != want:
            bad += 1
            if bad <= 3:
                print('line %d differs\n  in:  %s\n  out: %s\n  want: %r\n'
                      '  got:  %r' % (i, line[:300], ev[:300], want, got))
    if bad:
        print('%d of %d records differ' % (bad, len(lines)))
    return 1 if bad else 0


def main():
    if sys.argv[1] == 'gen':
        g = Gen(int(sys.argv[2]))
        out = sys.stdout
        for _ in range(int(sys.argv[3])):
            out.write(g.record() + '\n')
        return 0
    return check(sys.argv[2], sys.argv[3])


if __name__ == '__main__':
    sys.exit(main())
