import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = join(__dirname, "..", "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");
const docsPages = readdirSync(join(root, "docs"))
  .filter((name) => name.endsWith(".md"))
  .map((name) => `docs/${name}`);
const pages = ["README.md", ...docsPages];
const scripts = Object.keys((JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts);

/** The text outside fenced code blocks, where Markdown links and headings live. */
const prose = (markdown: string) => markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, "");

/** The anchors GitHub gives a page's headings: lowercase, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const slug = heading!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Every link target of a page (inline links and images), outside code. */
const linksOf = (markdown: string) => [...prose(markdown).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);

describe("the README", () => {
  const readme = read("README.md");

  it("has at most 200 lines", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(200);
  });

  it("starts with one fenced block that holds the two commands", () => {
    const firstBlock = /^# [^\n]+\n\n```sh\n([\s\S]*?)\n```\n/.exec(readme);
    expect(firstBlock).not.toBeNull();
    const commands = firstBlock![1]!.split("\n").map((line) => line.replace(/\s+#.*$/, "").trim());
    expect(commands).toEqual(["npm ci && npm run synth", "npm test"]);
  });
});

describe("the links of the README and docs/", () => {
  it.each(pages)("%s links only to files and headings inside the repository", (page) => {
    const broken: string[] = [];
    for (const target of linksOf(read(page))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: (not relative)
      const [path, anchor] = target.split("#", 2) as [string, string | undefined];
      const file = path === "" ? join(root, page) : resolve(dirname(join(root, page)), decodeURI(path));
      const inside = relative(root, file);
      if (inside.startsWith("..") || resolve(root, inside) !== file) broken.push(`${target}: outside the repository`);
      else if (!existsSync(file)) broken.push(`${target}: no such file`);
      else if (anchor !== undefined && (statSync(file).isDirectory() || !anchorsOf(readFileSync(file, "utf8")).has(anchor)))
        broken.push(`${target}: no heading with that anchor in ${inside}`);
    }
    expect(broken).toEqual([]);
  });

  it("docs/index.md links every page of docs/", () => {
    const linked = new Set(linksOf(read("docs/index.md")).map((target) => `docs/${target.split("#")[0]}`));
    expect(docsPages.filter((page) => page !== "docs/index.md" && !linked.has(page))).toEqual([]);
  });
});

describe("the pages the code and help point at", () => {
  /** Files a user reads or sees the output of: help, and every source file (messages and reports name docs pages). */
  const sources = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? sources(join(dir, entry.name)) : /\.(ts|js)$/.test(entry.name) ? [join(dir, entry.name)] : [],
    );
  const files = [
    "help",
    "main.ts",
    "check.ts",
    ...["src", "bin", "scripts"].flatMap((dir) => (existsSync(join(root, dir)) ? sources(dir) : [])),
  ];

  it("names only docs pages that exist", () => {
    const missing = files.flatMap((file) =>
      [...read(file).matchAll(/\bdocs\/[a-z0-9-]+\.md\b/g)]
        .map((m) => m[0])
        .flatMap((page) => (existsSync(join(root, page)) ? [] : [`${file}: ${page}`])),
    );
    expect(missing).toEqual([]);
  });
});

describe("the commands the docs name", () => {
  const mentioned = (text: string) => [...text.matchAll(/npm run (?:-s |--silent )?([a-z][\w-]*(?::[\w-]+)*)/g)].map((m) => m[1]!);

  it.each([...pages, "help"])("%s names only npm scripts that package.json has", (page) => {
    expect(mentioned(read(page)).filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it("help lists exactly the npm scripts of package.json that a person runs (npm runs the install hooks itself)", () => {
    const hooks = new Set(["preinstall", "install", "postinstall", "prepare", "preuninstall", "postuninstall"]);
    const listed = [...read("help").matchAll(/^ {2,6}npm (?:run )?([a-z][\w-]*(?::[\w-]+)*)/gm)].map((m) => m[1]!);
    expect([...new Set(listed)].sort()).toEqual(scripts.filter((name) => !hooks.has(name)).sort());
  });
});
