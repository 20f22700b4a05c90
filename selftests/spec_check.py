#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Prove that uapi/routefence.yaml is the source of truth.

Header agreement: every constant, enum, flag, attribute and command the spec
implies exists in uapi/linux/routefence.h with the same value (a generated C
program compiled against the header prints them), in the right enum, and the
header declares nothing the spec does not.

Kernel agreement: the running kernel's "routefence" family (resolved with
CTRL_CMD_GETFAMILY) has exactly the spec's commands, with the spec's do/dump
and permission bits, and the spec's multicast groups; each command's policy
(CTRL_CMD_GETPOLICY with CTRL_ATTR_OP) accepts exactly the attributes its
do/dump requests list, with the types, ranges, lengths and masks of their
checks, nested policies included. On 6.1 a command has one policy for its do
and its dump (kernel-policy: per-op), so it is checked against the union of
both request lists.

Output is KTAP, one case per check, with a readable diff on mismatch.
Exit: 0 pass (kernel cases skip when the module is absent, unless
RF_REQUIRE_MODULE=1), 1 fail.
"""
import argparse
import ast
import errno
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def cname(*parts):
    return ''.join(parts).upper().replace('-', '_')


# --------------------------------------------------------------------------
# The spec

class Spec:
    def __init__(self, path):
        with open(path) as f:
            self.y = yaml.safe_load(f)
        self.name = self.y['name']
        self.defs = {d['name']: d for d in self.y.get('definitions', [])}
        self.sets = {s['name']: s for s in self.y['attribute-sets']}
        for s in self.sets.values():
            number(s['attributes'])
        self.ops = self.y['operations']['list']
        number(self.ops)
        self.mcgrps = self.y.get('mcast-groups', {}).get('list', [])

    def attr(self, set_name, name):
        for a in self.sets[set_name]['attributes']:
            if a['name'] == name:
                return a
        return None

    def entries(self, d):
        """[(C name, value)] of an enum or flags definition."""
        pfx = d.get('name-prefix', f"{self.name}-{d['name']}-")
        out, val = [], d.get('value-start', 0)
        for e in d['entries']:
            e = e if isinstance(e, dict) else {'name': e}
            val = e.get('value', val)
            user = 1 << val if d['type'] == 'flags' else val
            out.append((cname(pfx, e['name']), user))
            val += 1
        return out

    def flags_mask(self, name):
        mask = 0
        for _, v in self.entries(self.defs[name]):
            mask |= v
        return mask

    def limit(self, v):
        if isinstance(v, int):
            return v
        m = re.fullmatch(r'([su])(8|16|32|64)-(min|max)', v)
        if m:
            bits = int(m[2])
            if m[1] == 'u':
                return 0 if m[3] == 'min' else (1 << bits) - 1
            return -(1 << (bits - 1)) if m[3] == 'min' else (1 << (bits - 1)) - 1
        return self.defs[v]['value']

    def request(self, op):
        """Attributes the kernel must accept for op: do and dump requests."""
        names = []
        for mode in ('do', 'dump'):
            for n in ((op.get(mode) or {}).get('request') or {}).get('attributes', []):
                if n not in names:
                    names.append(n)
        return names

    def c_names(self):
        """[(group, C name, value)]: everything the header must declare."""
        y, out = self.y, []
        out.append(('family', cname(y['c-family-name']), self.name))
        out.append(('family', cname(y['c-version-name']), y.get('version', 1)))
        for g in self.mcgrps:
            out.append(('mcast groups',
                        cname(g.get('c-define-name', f"{self.name}-mcgrp-{g['name']}")),
                        g['name']))
        for d in self.defs.values():
            if d['type'] == 'const':
                c = cname(d.get('name-prefix', self.name + '-'), d['name'])
                out.append(('constants', c, d['value']))
                continue
            enum = 'enum ' + cname(d.get('enum-name', f"{self.name}-{d['name']}")).lower()
            ents = self.entries(d)
            out += [(enum, c, v) for c, v in ents]
            if d.get('render-max'):
                pfx = d.get('name-prefix', f"{self.name}-{d['name']}-")
                if d['type'] == 'flags':
                    out.append((enum, cname(pfx, 'mask'), self.flags_mask(d['name'])))
                else:
                    out.append((enum, cname('--', pfx, 'max'), ents[-1][1] + 1))
                    out.append((enum, cname(pfx, 'max'), ents[-1][1]))
        for s in self.sets.values():
            enum = 'enum ' + cname(s['enum-name']).lower()
            pfx = s['name-prefix']
            top = s['attributes'][-1]['value']
            out += [(enum, cname(pfx, a['name']), a['value']) for a in s['attributes']]
            out.append((enum, cname(s.get('attr-cnt-name', f'--{pfx}max')), top + 1))
            out.append((enum, cname(s.get('attr-max-name', f'{pfx}max')), top))
        ops = y['operations']
        enum = 'enum ' + cname(ops['enum-name']).lower()
        pfx = ops['name-prefix']
        out += [(enum, cname(pfx, o['name']), o['value']) for o in self.ops]
        out.append((enum, cname('--', pfx, 'max'), self.ops[-1]['value'] + 1))
        out.append((enum, cname(pfx, 'max'), self.ops[-1]['value']))
        return out


def number(items):
    val = 1
    for it in items:
        val = it.setdefault('value', val) + 1


# --------------------------------------------------------------------------
# Spec self-consistency

SCALARS = ('u8', 'u16', 'u32', 'u64')


def check_spec(spec):
    """Return a list of problems with the spec itself."""
    bad = []
    y = spec.y
    if y.get('protocol') != 'genetlink-legacy' or y.get('kernel-policy') != 'per-op':
        bad.append('protocol must be genetlink-legacy with kernel-policy: per-op')
    names = [d['name'] for d in y.get('definitions', [])]
    names += [a['name'] for s in spec.sets.values() for a in s['attributes']]
    names += [o['name'] for o in spec.ops] + list(spec.sets)
    bad += [f'{n}: not a lowercase-dashed name' for n in names
            if not re.fullmatch(r'[a-z0-9]+(-[a-z0-9]+)*', n)]
    for s in spec.sets.values():
        if s['attributes'][0]['value'] != 1:
            bad.append(f"set {s['name']}: first attribute is not 1")
        for a in s['attributes']:
            where = f"{s['name']}.{a['name']}"
            if not a.get('doc'):
                bad.append(f'{where}: no doc')
            if 'enum' in a and a['enum'] not in spec.defs:
                bad.append(f"{where}: unknown enum {a['enum']}")
            if a['type'] == 'nest' and a.get('nested-attributes') not in spec.sets:
                bad.append(f'{where}: unknown nested-attributes')
    if spec.ops[0]['value'] != 1:
        bad.append('operations: first command is not 1')
    groups = [g['name'] for g in spec.mcgrps]
    opnames = [o['name'] for o in spec.ops]
    for op in spec.ops:
        aset = op.get('attribute-set', 'rf')
        lists = [spec.request(op)]
        for mode in ('do', 'dump'):
            lists.append(((op.get(mode) or {}).get('reply') or {}).get('attributes', []))
        lists.append((op.get('event') or {}).get('attributes', []))
        for n in sum(lists, []):
            if not spec.attr(aset, n):
                bad.append(f"{op['name']}: unknown attribute {n}")
        is_ntf = 'notify' in op or 'event' in op
        if is_ntf != op['name'].endswith('-ntf'):
            bad.append(f"{op['name']}: notifications, and only they, end in -ntf")
        if is_ntf and op.get('mcgrp') not in groups:
            bad.append(f"{op['name']}: unknown mcgrp {op.get('mcgrp')}")
        if 'notify' in op and op['notify'] not in opnames:
            bad.append(f"{op['name']}: notifies unknown {op['notify']}")
    return bad


def check_limits(spec):
    """The checks in the spec agree with the constants they stand for."""
    bad = []
    c = {d['name']: d['value'] for d in spec.defs.values() if d['type'] == 'const'}
    want = [(s, a, 'max-len', c['name-max'] - 1) for s, a in
            (('rf', 'net-name'), ('rf', 'peer-name'), ('prefix', 'net-name'))]
    want += [(s, a, k, v) for s, a in (('rf', 'net-id'), ('rf', 'peer-id'), ('prefix', 'net-id'))
             for k, v in (('min', 1), ('max', c['net-id-max']))]
    want.append(('rf', 'drop-events', 'max', c['drop-events-max']))
    want.append(('rf', 'txn-flags', 'flags-mask', 'txn-flags'))
    for s, a, k, v in want:
        got = spec.attr(s, a).get('checks', {}).get(k)
        if got is None or (k != 'flags-mask' and spec.limit(got) != v) or \
           (k == 'flags-mask' and got != v):
            bad.append(f'{s}.{a}: checks.{k} is {got}, want {v}')
    if c['txn-f-all'] != spec.flags_mask('txn-flags'):
        bad.append(f"txn-f-all is {c['txn-f-all']:#x}, "
                   f"txn-flags mask is {spec.flags_mask('txn-flags'):#x}")
    return bad


# --------------------------------------------------------------------------
# The header

def parse_header(path):
    """{C name: (group, C expression)} for every enumerator and #define."""
    text = open(path).read()
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'//[^\n]*', ' ', text)
    names = {}
    for m in re.finditer(r'^\s*#\s*define\s+(\w+)[ \t]*(.*)$', text, re.M):
        if m[2].strip():
            names[m[1]] = ('define', m[2].strip())
    for m in re.finditer(r'\benum\s+(\w+)\s*\{(.*?)\}\s*;', text, re.S):
        prev = None
        for item in filter(None, (i.strip() for i in m[2].split(','))):
            name, _, expr = (x.strip() for x in item.partition('='))
            expr = expr or (f'({prev}) + 1' if prev else '0')
            names[name] = ('enum ' + m[1], expr)
            prev = name
    return names


def compile_values(header, cnames, strings):
    """Values of cnames as the C compiler sees them; None without a compiler."""
    cc = os.environ.get('CC', 'cc')
    if not shutil.which(cc):
        return None
    lines = ['#include <stdio.h>', f'#include "{os.path.abspath(header)}"',
             'int main(void)', '{']
    for n in cnames:
        if n in strings:
            lines.append(f'\tprintf("%s\\t%s\\n", "{n}", {n});')
        else:
            lines.append(f'\tprintf("%s\\t%lld\\n", "{n}", (long long)({n}));')
    lines += ['\treturn 0;', '}']
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, 'v.c'), os.path.join(tmp, 'v')
        with open(src, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        r = subprocess.run([cc, '-Wall', '-Werror', '-o', exe, src],
                           capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError('cc failed:\n' + r.stderr)
        out = subprocess.run([exe], capture_output=True, text=True, check=True).stdout
    vals = {}
    for line in out.splitlines():
        n, v = line.split('\t', 1)
        vals[n] = v if n in strings else int(v)
    return vals


def eval_values(parsed, strings):
    """Fallback without a compiler: evaluate the header's expressions."""
    vals = {}

    def value(n):
        if n not in vals:
            expr = parsed[n][1]
            if n in strings:
                vals[n] = ast.literal_eval(expr)
                return vals[n]
            expr = re.sub(r'\b(\d+)[uUlL]+\b', r'\1', expr)
            expr = re.sub(r'\b[A-Za-z_]\w*\b', lambda m: str(value(m[0])), expr)
            vals[n] = eval(compile(ast.parse(expr, mode='eval'), n, 'eval'), {})
        return vals[n]

    for n in parsed:
        value(n)
    return vals


def header_cases(spec, header):
    want = spec.c_names()
    strings = {n for _, n, v in want if isinstance(v, str)}
    parsed = parse_header(header)
    present = [n for _, n, _ in want if n in parsed]
    vals = compile_values(header, present, strings)
    how = 'cc'
    if vals is None:
        vals, how = eval_values(parsed, strings), 'parsed, no cc'
    cases = []
    for group in dict.fromkeys(g for g, _, _ in want):
        diff = []
        for g, n, v in want:
            if g != group:
                continue
            if n not in parsed:
                diff.append(f'{n}: in the spec ({v!r}), missing from the header')
            elif vals[n] != v:
                diff.append(f'{n}: spec {v!r}, header {vals[n]!r}')
            elif group.startswith('enum') and parsed[n][0] != group:
                diff.append(f'{n}: spec puts it in {group}, header in {parsed[n][0]}')
        cases.append((f'header: {group} ({how})', diff))
    known = {n for _, n, _ in want}
    extra = [f'{n}: in the header ({g}), not in the spec' for n, (g, _) in parsed.items()
             if n not in known and not re.fullmatch(r'_UAPI_\w+_H', n)]
    cases.append(('header: nothing beyond the spec', extra))
    return cases


# --------------------------------------------------------------------------
# Netlink, by hand

NETLINK_GENERIC, SOL_NETLINK = 16, 270
NETLINK_CAP_ACK, NETLINK_EXT_ACK = 10, 11
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300
NLM_F_ACK_TLVS = 0x200
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY, CTRL_CMD_GETPOLICY = 3, 10
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_VERSION = 1, 2, 3
CTRL_ATTR_HDRSIZE, CTRL_ATTR_OPS, CTRL_ATTR_MCAST_GROUPS = 4, 6, 7
CTRL_ATTR_POLICY, CTRL_ATTR_OP_POLICY, CTRL_ATTR_OP = 8, 9, 10
GENL_ADMIN_PERM, GENL_CMD_CAP_DO, GENL_CMD_CAP_DUMP = 0x01, 0x02, 0x04
GENL_CMD_CAP_HASPOL, GENL_UNS_ADMIN_PERM = 0x08, 0x10
NLMSGERR_ATTR_MSG = 1

# NL_POLICY_TYPE_ATTR_*
PT_TYPE, PT_MIN_S, PT_MAX_S, PT_MIN_U, PT_MAX_U = 1, 2, 3, 4, 5
PT_MIN_LEN, PT_MAX_LEN, PT_POLICY_IDX, PT_MAXTYPE, PT_BF32_MASK = 6, 7, 8, 9, 10
PT_MASK = 12
NL_ATTR_TYPES = [None, 'flag', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64',
                 'binary', 'string', 'nul-string', 'nest', 'nest-array', 'bitfield32']


def attr(atype, payload):
    hdr = struct.pack('=HH', 4 + len(payload), atype)
    return hdr + payload + b'\0' * (-len(payload) % 4)


def attrs(buf):
    """{type: payload}; nested attributes are parsed by the caller."""
    out, off = {}, 0
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from('=HH', buf, off)
        if alen < 4:
            break
        out[atype & 0x3fff] = buf[off + 4:off + alen]
        off += (alen + 3) & ~3
    return out


def u(buf):
    return int.from_bytes(buf, sys.byteorder)


class NetlinkError(Exception):
    def __init__(self, err, msg):
        super().__init__(f'{os.strerror(err)}' + (f': {msg}' if msg else ''))
        self.errno = err


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.bind((0, 0))
        self.seq = 0

    def request(self, cmd, payload, dump=False):
        """Send one ctrl request; return the attribute payloads of the replies."""
        self.seq += 1
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        body = struct.pack('=BBH', cmd, 2, 0) + payload
        self.sock.send(struct.pack('=IHHII', 16 + len(body), GENL_ID_CTRL, flags,
                                   self.seq, 0) + body)
        replies = []
        while True:
            data, off = self.sock.recv(1 << 16), 0
            while off + 16 <= len(data):
                mlen, mtype, mflags, seq, _ = struct.unpack_from('=IHHII', data, off)
                msg = data[off + 16:off + mlen]
                off += (mlen + 3) & ~3
                if seq != self.seq:
                    continue
                if mtype in (NLMSG_ERROR, NLMSG_DONE):
                    err = -struct.unpack_from('=i', msg)[0] if msg else 0
                    if err:
                        tlv = attrs(msg[20:]) if mflags & NLM_F_ACK_TLVS else {}
                        text = tlv.get(NLMSGERR_ATTR_MSG, b'').rstrip(b'\0').decode()
                        raise NetlinkError(err, text)
                    if mtype == NLMSG_DONE or not dump:
                        return replies
                    continue
                replies.append(attrs(msg[4:]))

    def family(self, name):
        r = self.request(CTRL_CMD_GETFAMILY,
                         attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b'\0'))[0]
        fam = {'id': u(r[CTRL_ATTR_FAMILY_ID]), 'version': u(r[CTRL_ATTR_VERSION]),
               'hdrsize': u(r[CTRL_ATTR_HDRSIZE]), 'ops': {}, 'mcgrps': {}}
        for op in attrs(r.get(CTRL_ATTR_OPS, b'')).values():
            op = attrs(op)
            fam['ops'][u(op[1])] = u(op[2])
        for grp in attrs(r.get(CTRL_ATTR_MCAST_GROUPS, b'')).values():
            grp = attrs(grp)
            fam['mcgrps'][grp[1].rstrip(b'\0').decode()] = u(grp[2])
        return fam

    def policy(self, fam_id, cmd):
        """(do idx, dump idx, {idx: {attr: {NL_POLICY_TYPE_ATTR_*: value}}})."""
        req = attr(CTRL_ATTR_FAMILY_ID, struct.pack('=H', fam_id))
        req += attr(CTRL_ATTR_OP, struct.pack('=I', cmd))
        try:
            replies = self.request(CTRL_CMD_GETPOLICY, req, dump=True)
        except NetlinkError as e:
            if e.errno == errno.ENODATA:
                return None, None, {}
            raise
        do = dump = None
        tables = {}
        for r in replies:
            for opnest in attrs(r.get(CTRL_ATTR_OP_POLICY, b'')).values():
                op = attrs(opnest)
                do = u(op[1]) if 1 in op else do
                dump = u(op[2]) if 2 in op else dump
            for idx, table in attrs(r.get(CTRL_ATTR_POLICY, b'')).items():
                for atype, props in attrs(table).items():
                    tables.setdefault(idx, {})[atype] = \
                        {k: v for k, v in attrs(props).items()}
        return do, dump, tables


# --------------------------------------------------------------------------
# Spec vs kernel

def want_desc(spec, a):
    """How the kernel's policy dump should describe spec attribute a."""
    t, ch = a['type'], a.get('checks', {})
    if t in SCALARS:
        flags = a.get('enum') and spec.defs[a['enum']]['type'] == 'flags'
        if 'flags-mask' in ch or flags:
            return f"{t} mask {spec.flags_mask(ch.get('flags-mask', a.get('enum'))):#x}"
        lo, hi = 0, (1 << int(t[1:])) - 1
        if a.get('enum'):
            vals = [v for _, v in spec.entries(spec.defs[a['enum']])]
            lo, hi = min(vals), max(vals)
        return f"{t} range {spec.limit(ch.get('min', lo))}..{spec.limit(ch.get('max', hi))}"
    if t in ('string', 'binary'):
        kind = 'nul-string' if t == 'string' and not ch.get('unterminated-ok') else t
        lo = spec.limit(ch.get('min-len', ch.get('exact-len', 0)))
        hi = spec.limit(ch.get('max-len', ch.get('exact-len', 0)))
        return ' '.join([kind] + ([f'min-len {lo}'] if lo else []) +
                        ([f'max-len {hi}'] if hi else []))
    if t == 'nest':
        nested = spec.sets[a['nested-attributes']]['attributes']
        return f"nest maxtype {nested[-1]['value']}"
    return t


def kernel_desc(p):
    t = NL_ATTR_TYPES[u(p[PT_TYPE])] if u(p[PT_TYPE]) < len(NL_ATTR_TYPES) else '?'
    if PT_MASK in p:
        return f'{t} mask {u(p[PT_MASK]):#x}'
    if PT_MIN_U in p:
        return f'{t} range {u(p[PT_MIN_U])}..{u(p[PT_MAX_U])}'
    if PT_MIN_S in p:
        lo, hi = (struct.unpack('=q', p[k])[0] for k in (PT_MIN_S, PT_MAX_S))
        return f'{t} range {lo}..{hi}'
    if PT_BF32_MASK in p:
        return f'{t} mask {u(p[PT_BF32_MASK]):#x}'
    if PT_MAXTYPE in p:
        return f'{t} maxtype {u(p[PT_MAXTYPE])}'
    return ' '.join([t] + ([f'min-len {u(p[PT_MIN_LEN])}'] if PT_MIN_LEN in p else []) +
                    ([f'max-len {u(p[PT_MAX_LEN])}'] if PT_MAX_LEN in p else []))


def compare_policy(spec, set_name, names, table, tables, path=''):
    aset = spec.sets[set_name]['attributes']
    by_val = {a['value']: a for a in aset}
    want = {spec.attr(set_name, n)['value'] for n in names}
    diff = []
    for v in sorted(want | set(table)):
        a = by_val.get(v)
        label = path + (a['name'] if a else f'attribute {v}')
        if v not in table:
            diff.append(f'{label}: in the spec ({want_desc(spec, a)}), '
                        'the kernel does not accept it')
        elif v not in want:
            diff.append(f'{label}: the kernel accepts it ({kernel_desc(table[v])}), '
                        'the spec does not list it')
        elif want_desc(spec, a) != kernel_desc(table[v]):
            diff.append(f'{label}: spec {want_desc(spec, a)}, '
                        f'kernel {kernel_desc(table[v])}')
        elif a['type'] == 'nest' and PT_POLICY_IDX in table[v]:
            sub = spec.sets[a['nested-attributes']]['attributes']
            diff += compare_policy(spec, a['nested-attributes'],
                                   [s['name'] for s in sub if s['type'] != 'pad'],
                                   tables.get(u(table[v][PT_POLICY_IDX]), {}),
                                   tables, label + '.')
    return diff


def flag_names(bits):
    names = [('do', GENL_CMD_CAP_DO), ('dump', GENL_CMD_CAP_DUMP),
             ('admin-perm', GENL_ADMIN_PERM), ('uns-admin-perm', GENL_UNS_ADMIN_PERM),
             ('has-policy', GENL_CMD_CAP_HASPOL)]
    return ','.join(n for n, b in names if bits & b) or 'none'


def op_case(spec, nl, fam, op):
    diff = []
    want = GENL_CMD_CAP_HASPOL
    want |= GENL_CMD_CAP_DO if 'do' in op else 0
    want |= GENL_CMD_CAP_DUMP if 'dump' in op else 0
    for f in op.get('flags', []):
        want |= {'admin-perm': GENL_ADMIN_PERM, 'uns-admin-perm': GENL_UNS_ADMIN_PERM}[f]
    if op['value'] not in fam['ops']:
        return [f"command {op['value']} is not registered"]
    got = fam['ops'][op['value']]
    if got != want:
        diff.append(f'flags: spec {flag_names(want)}, kernel {flag_names(got)}')
    do, dump, tables = nl.policy(fam['id'], op['value'])
    if got & GENL_CMD_CAP_DO and do is None:
        diff.append('do: the kernel reports no policy')
    if got & GENL_CMD_CAP_DUMP and dump is None:
        diff.append('dump: the kernel reports no policy (GENL_DONT_VALIDATE_DUMP?)')
    if do is not None and dump is not None and do != dump:
        diff.append(f'do and dump have different policies ({do} != {dump})')
    idx = do if do is not None else dump
    table = tables.get(idx, {})
    diff += compare_policy(spec, op['attribute-set'], spec.request(op), table, tables)
    return diff


def kernel_cases(spec):
    """[(name, diff or None)]; None diff = skipped (family not registered)."""
    reqs = [o for o in spec.ops if 'notify' not in o and 'event' not in o]
    names = ['kernel: family', 'kernel: commands', 'kernel: multicast groups']
    names += [f"kernel: {o['name']}" for o in reqs]
    try:
        nl = Genl()
        fam = nl.family(spec.name)
    except (OSError, NetlinkError) as e:
        if os.environ.get('RF_REQUIRE_MODULE') == '1':
            return [(names[0], [f'cannot resolve family {spec.name}: {e}'])] + \
                   [(n, [f'family {spec.name} not registered']) for n in names[1:]]
        return [(n, None) for n in names]
    cases = []
    diff = []
    if fam['version'] != spec.y.get('version', 1):
        diff.append(f"version: spec {spec.y.get('version', 1)}, kernel {fam['version']}")
    if fam['hdrsize']:
        diff.append(f"hdrsize: kernel {fam['hdrsize']}, spec has no fixed header")
    cases.append((names[0], diff))
    want = {o['value']: o['name'] for o in reqs}
    ntf = {o['value']: o['name'] for o in spec.ops if o['value'] not in want}
    diff = [f'{want[v]} ({v}): not registered' for v in sorted(set(want) - set(fam['ops']))]
    diff += [f"{ntf.get(v, 'unknown')} ({v}): registered as a command, "
             + ('but it is a notification' if v in ntf else 'not in the spec')
             for v in sorted(set(fam['ops']) - set(want))]
    cases.append((names[1], diff))
    spec_groups = {g['name'] for g in spec.mcgrps}
    diff = [f'{g}: in the spec, not registered' for g in sorted(spec_groups - set(fam['mcgrps']))]
    diff += [f'{g}: registered, not in the spec' for g in sorted(set(fam['mcgrps']) - spec_groups)]
    cases.append((names[2], diff))
    for o in reqs:
        cases.append((f"kernel: {o['name']}", op_case(spec, nl, fam, o)))
    return cases


# --------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--spec', default=os.path.join(ROOT, 'uapi', 'routefence.yaml'))
    ap.add_argument('--header', default=os.path.join(ROOT, 'uapi', 'linux', 'routefence.h'))
    ap.add_argument('--no-kernel', action='store_true',
                    help='check the spec and the header only')
    args = ap.parse_args()

    spec = Spec(args.spec)
    cases = [('spec: well-formed', check_spec(spec)),
             ('spec: checks agree with its constants', check_limits(spec))]
    try:
        cases += header_cases(spec, args.header)
    except (OSError, RuntimeError, KeyError, SyntaxError) as e:
        cases.append(('header: values', [f'{type(e).__name__}: {e}']))
    if args.no_kernel:
        cases.append(('kernel: policies', None))
    else:
        cases += kernel_cases(spec)

    print('TAP version 13')
    print(f'1..{len(cases)}')
    failed = 0
    for i, (name, diff) in enumerate(cases, 1):
        if diff is None:
            print(f'ok {i} {name} # SKIP family {spec.name} not registered'
                  if not args.no_kernel else f'ok {i} {name} # SKIP --no-kernel')
            continue
        for line in diff:
            print(f'#   {line}')
        print(f"{'not ok' if diff else 'ok'} {i} {name}")
        failed += bool(diff)
    print(f'# {len(cases) - failed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
