// Runs PGlite (PostgreSQL compiled to WebAssembly) behind pglite-socket's TCP server, in its own
// process, and prints `{"port":N,"version":"..."}` once it listens. argv: <data dir or memory://>
// <max connections>. SIGTERM stops the server and closes the database.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const [dataDir = 'memory://', maxConnections = '16'] = process.argv.slice(2);
try {
  const db = await PGlite.create(dataDir);
  const { rows } = await db.query('SHOW server_version');
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: Number(maxConnections),
  });
  await server.start();
  let stopping = false;
  process.on('SIGTERM', async () => {
    if (stopping) return;
    stopping = true;
    await server.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    process.exit(0);
  });
  process.stdout.write(
    `${JSON.stringify({ port: server.port, version: rows[0]?.server_version ?? '' })}\n`,
  );
} catch (error) {
  process.stderr.write(`PGlite did not start: ${error?.stack ?? error}\n`);
  process.exit(1);
}
