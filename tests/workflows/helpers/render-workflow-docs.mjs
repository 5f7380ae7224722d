// Renders reusable workflows with action-docs, as scripts/docs.mjs does, and prints
// { file: markdown } as JSON. A child process: jest's module runtime cannot load action-docs.
import { generateActionMarkdownDocs } from 'action-docs';

const pages = {};
for (const sourceFile of process.argv.slice(2)) {
  pages[sourceFile] = await generateActionMarkdownDocs({
    sourceFile,
    includeNameHeader: true,
    tocLevel: 1,
  });
}
process.stdout.write(JSON.stringify(pages));
