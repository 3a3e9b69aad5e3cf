// TextMate grammars for iptables command lines (`iptables`) and iptables-save output
// (`iptables-save`), used by Shiki at build time. Scope names are chosen so the
// high-contrast GitHub themes give each role its own colour:
//   program name      entity.name.function   (purple)
//   -A/-I/-N/-t/-j, ! keyword.control        (red)
//   table             markup.heading         (bold blue)
//   chain             entity.name.type       (brown / orange)
//   target            entity.name.tag        (green)
//   option            variable.parameter     (brown, leading dash)
//   address, port     constant.numeric       (blue)
// Option names follow iptables(8) and iptables-extensions(8).
import type { LanguageRegistration } from 'shiki';

const BUILTIN_TARGETS =
  'ACCEPT|DROP|REJECT|RETURN|QUEUE|LOG|MASQUERADE|SNAT|DNAT|REDIRECT|MARK|CONNMARK|CT|NOTRACK|TRACE|TCPMSS|TPROXY|NFLOG|NFQUEUE|CHECKSUM|CLASSIFY|DSCP|TOS|TTL|HL|AUDIT|SET|TEE|SECMARK|CONNSECMARK|ULOG';
const TABLES = 'filter|nat|mangle|raw|security';
// Commands that take a chain name (iptables(8) COMMANDS).
const CHAIN_COMMANDS =
  '-[AIDRNPFXLSZE]|--append|--insert|--delete|--replace|--new-chain|--new|--policy|--flush|--delete-chain|--list|--list-rules|--zero|--rename-chain|--check|-C';

/** Rule body shared by both languages: options, negation, targets, addresses, strings. */
const rulePatterns = {
  comment: { match: '(?<=^|\\s)#.*$', name: 'comment.line.number-sign.iptables' },
  string: { match: '"(?:[^"\\\\]|\\\\.)*"', name: 'string.quoted.double.iptables' },
  negation: { match: '(?<=^|\\s)!(?=\\s)', name: 'keyword.operator.negation.iptables' },
  table: {
    match: '(?<=^|\\s)(-t|--table)\\s+(\\S+)',
    captures: {
      1: { name: 'keyword.control.table.iptables' },
      2: { name: 'markup.heading.table.iptables' },
    },
  },
  chainCommand: {
    match: `(?<=^|\\s)(${CHAIN_COMMANDS})(?![\\w-])(?:\\s+([A-Za-z_][\\w.-]*))?`,
    captures: {
      1: { name: 'keyword.control.command.iptables' },
      2: { name: 'entity.name.type.chain.iptables' },
    },
  },
  jump: {
    match: `(?<=^|\\s)(-j|--jump|-g|--goto)\\s+(?:(${BUILTIN_TARGETS})\\b|([\\w.-]+))`,
    captures: {
      1: { name: 'keyword.control.jump.iptables' },
      2: { name: 'entity.name.tag.target.iptables' },
      3: { name: 'entity.name.type.chain.iptables' },
    },
  },
  policy: {
    match: '\\b(ACCEPT|DROP)\\b',
    name: 'entity.name.tag.target.iptables',
  },
  address: {
    match:
      '\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?:/(?:\\d{1,2}|(?:\\d{1,3}\\.){3}\\d{1,3}))?(?::\\d+(?:[-:]\\d+)?)?\\b',
    name: 'constant.numeric.address.iptables',
  },
  option: {
    match: '(?<=^|\\s)(--?[A-Za-z][\\w-]*)',
    name: 'variable.parameter.option.iptables',
  },
  number: {
    match: '(?<=\\s|^|,|:)(0x[0-9a-fA-F]+|\\d+)(?=[\\s,:/]|$)',
    name: 'constant.numeric.iptables',
  },
};

const ruleIncludes = [
  'comment',
  'string',
  'negation',
  'table',
  'chainCommand',
  'jump',
  'policy',
  'address',
  'option',
  'number',
].map((k) => ({ include: `#${k}` }));

/** `iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE` */
export const iptablesGrammar: LanguageRegistration = {
  name: 'iptables',
  scopeName: 'source.iptables',
  aliases: ['ip6tables'],
  patterns: [{ include: '#prompt' }, { include: '#program' }, ...ruleIncludes],
  repository: {
    ...rulePatterns,
    prompt: { match: '^\\s*[$#](?=\\s)', name: 'punctuation.definition.prompt.iptables' },
    program: {
      match:
        '(?<=^|\\s)(sudo|iptables(?:-legacy|-nft)?(?:-save|-restore)?|ip6tables(?:-save|-restore)?)(?=\\s|$)',
      name: 'entity.name.function.command.iptables',
    },
  },
};

/** The text iptables-save prints: `*nat`, `:DOCKER - [0:0]`, `-A ...`, `COMMIT`. */
export const iptablesSaveGrammar: LanguageRegistration = {
  name: 'iptables-save',
  scopeName: 'source.iptables-save',
  aliases: ['iptables-restore'],
  patterns: [
    { include: '#comment' },
    {
      match: `^(\\*)(${TABLES}|\\S+)\\s*$`,
      captures: {
        1: { name: 'punctuation.definition.table.iptables' },
        2: { name: 'markup.heading.table.iptables' },
      },
    },
    {
      // :CHAIN POLICY [packets:bytes]; policy is "-" for user-defined chains.
      match: '^(:)([^\\s]+)\\s+(ACCEPT|DROP|-)(?:\\s+(\\[\\d+:\\d+\\]))?',
      captures: {
        1: { name: 'punctuation.definition.chain.iptables' },
        2: { name: 'entity.name.type.chain.iptables' },
        3: { name: 'entity.name.tag.target.iptables' },
        4: { name: 'comment.counters.iptables' },
      },
    },
    { match: '^COMMIT\\b', name: 'keyword.control.commit.iptables' },
    { match: '^\\[\\d+:\\d+\\]', name: 'comment.counters.iptables' },
    ...ruleIncludes,
  ],
  repository: { ...rulePatterns },
};
