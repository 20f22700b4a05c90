#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the netlink fuzzer's table of the routefence family from its spec.

    nlfuzz_gen.py uapi/routefence.yaml nlfuzz_spec.h

The table (built at build time, not committed) lists every attribute set
with each attribute's id, type and checks (range, lengths, flag mask, enum
size, nested set, multi-attr), and every command with its id, whether it has
a do and a dump, whether it needs CAP_NET_ADMIN, and the attributes its do
and dump requests take. Commands without a request (notifications) are
listed too: the fuzzer sends them as commands the kernel must refuse.
"""
import os
import sys

import yaml

TYPES = {
    'u8': 'FZ_U8', 'u16': 'FZ_U16', 'u32': 'FZ_U32', 'u64': 'FZ_U64',
    's8': 'FZ_U8', 's16': 'FZ_U16', 's32': 'FZ_U32', 's64': 'FZ_U64',
    'string': 'FZ_STRING', 'binary': 'FZ_BINARY', 'nest': 'FZ_NEST',
    'flag': 'FZ_FLAG', 'pad': 'FZ_PAD',
}
WIDTH = {'FZ_U8': 0xff, 'FZ_U16': 0xffff, 'FZ_U32': 0xffffffff,
         'FZ_U64': 0xffffffffffffffff}


def cid(name):
    return name.replace('-', '_')


def number(items):
    """Give every item its value: explicit, else one more than the last."""
    nxt = 1
    for it in items:
        if 'value' in it:
            nxt = it['value']
        it['_value'] = nxt
        nxt += 1


class Gen:
    def __init__(self, spec):
        self.y = spec
        self.defs = {d['name']: d for d in spec.get('definitions', [])}
        self.sets = spec['attribute-sets']
        self.set_idx = {s['name']: i for i, s in enumerate(self.sets)}
        for s in self.sets:
            number(s['attributes'])
        self.ops = spec['operations']['list']
        number(self.ops)
        self.out = []

    def const(self, v):
        """A check's value: a number or the name of a const definition."""
        if isinstance(v, int):
            return v
        return self.defs[v]['value']

    def enum_info(self, a):
        """(number of values, flag mask) of an attribute's enum, if any."""
        d = self.defs.get(a.get('enum', ''))
        if not d:
            return 0, 0
        n = len(d['entries'])
        if d['type'] == 'flags':
            return n, (1 << n) - 1
        return n, 0

    def attr(self, a):
        t = TYPES[a['type']]
        ck = a.get('checks', {})
        lo = ck.get('min', 0)
        hi = ck.get('max', WIDTH.get(t, 0))
        n_enum, mask = self.enum_info(a)
        if n_enum and not mask:
            hi = min(hi, n_enum - 1)
        if 'flags-mask' in ck:
            mask = (1 << len(self.defs[ck['flags-mask']]['entries'])) - 1
        nest = self.set_idx.get(a.get('nested-attributes', ''), -1)
        return ('\t{ .name = "%s", .id = %d, .type = %s, .min = %dULL, '
                '.max = %dULL, .min_len = %d, .max_len = %d, .mask = %dULL, '
                '.nest = %d, .multi = %d },' % (
                    a['name'], a['_value'], t, self.const(lo), self.const(hi),
                    self.const(ck.get('min-len', 0)),
                    self.const(ck.get('max-len', 0)), mask, nest,
                    1 if a.get('multi-attr') else 0))

    def emit_sets(self):
        for i, s in enumerate(self.sets):
            self.out.append('static const struct fz_attr fz_set%d[] = {' % i)
            self.out += [self.attr(a) for a in s['attributes']]
            self.out.append('};')
        self.out.append('static const struct fz_set fz_sets[] = {')
        for i, s in enumerate(self.sets):
            top = max(a['_value'] for a in s['attributes'])
            self.out.append('\t{ "%s", %d, fz_set%d, %d },'
                            % (s['name'], top, i, len(s['attributes'])))
        self.out.append('};')

    def ids(self, op, kind):
        """Attribute ids of op's do or dump request, in its set."""
        req = (op.get(kind) or {}).get('request') or {}
        by_name = {a['name']: a['_value'] for a in
                   self.sets[self.set_idx[op.get('attribute-set', 'rf')]]
                   ['attributes']}
        return [by_name[n] for n in req.get('attributes', [])]

    def emit_ops(self):
        rows = []
        for op in self.ops:
            name = cid(op['name'])
            for kind in ('do', 'dump'):
                ids = self.ids(op, kind)
                self.out.append('static const int fz_%s_%s[] = { %s };' % (
                    name, kind, ', '.join(map(str, ids + [0]))))
            flags = op.get('flags', [])
            rows.append(
                '\t{ "%s", %d, %d, %d, %d, fz_%s_do, %d, fz_%s_dump, %d },' % (
                    op['name'], op['_value'], 'do' in op, 'dump' in op,
                    'uns-admin-perm' in flags or 'admin-perm' in flags,
                    name, len(self.ids(op, 'do')), name,
                    len(self.ids(op, 'dump'))))
        self.out.append('static const struct fz_cmd fz_cmds[] = {')
        self.out += rows
        self.out.append('};')

    def emit(self):
        self.out.append('/* Generated from uapi/routefence.yaml by '
                        'selftests/nlfuzz_gen.py: do not edit. */')
        for d in self.defs.values():
            if d['type'] == 'const':
                self.out.append('#define FZ_%s %d' % (
                    cid(d['name']).upper(), d['value']))
        self.out.append('#define FZ_FAMILY_NAME "%s"' % self.y['name'])
        self.out.append('#define FZ_FAMILY_VERSION %d' % self.y.get('version', 1))
        self.emit_sets()
        self.emit_ops()
        return '\n'.join(self.out) + '\n'


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: nlfuzz_gen.py SPEC.yaml OUTPUT.h')
    with open(sys.argv[1]) as f:
        text = Gen(yaml.safe_load(f)).emit()
    with open(sys.argv[2] + '.tmp', 'w') as f:
        f.write(text)
    os.replace(sys.argv[2] + '.tmp', sys.argv[2])


if __name__ == '__main__':
    main()
