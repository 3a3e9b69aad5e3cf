// The guide's 12 chapters in the order the lessons follow
// (shared/guide/docker-networking-iptables-deep-dive.md, table of contents).
// A chapter becomes a lesson when content/lessons/<slug>.mdx exists with `chapter: N`;
// until then the home page and the navigation list it as upcoming.

export interface Chapter {
  readonly number: number;
  readonly title: string;
  /** The lesson's URL segment and its file name under content/lessons/. */
  readonly slug: string;
}

export const CHAPTERS: readonly Chapter[] = [
  { number: 1, title: 'Fundamentals: Bridge vs Router', slug: 'bridge-vs-router' },
  { number: 2, title: 'Two Custom Bridges Architecture', slug: 'two-custom-bridges' },
  { number: 3, title: 'The Router Component Explained', slug: 'router-component' },
  { number: 4, title: 'Routing Tables on Every Machine', slug: 'routing-tables' },
  { number: 5, title: 'Special IP Addresses', slug: 'special-ip-addresses' },
  { number: 6, title: 'Netfilter: Kernel-Level Packet Processing', slug: 'netfilter' },
  { number: 7, title: 'Docker and Kubernetes: Rule Generators', slug: 'rule-generators' },
  { number: 8, title: 'Kernel Modules for Container Networking', slug: 'kernel-modules' },
  { number: 9, title: 'Docker + iptables: Complete Breakdown', slug: 'docker-iptables' },
  { number: 10, title: 'Actual iptables Rules Docker Creates', slug: 'docker-rules' },
  { number: 11, title: 'Packet Flow Examples', slug: 'packet-flows' },
  { number: 12, title: 'Summary and Reference Tables', slug: 'reference' },
];
