/**
 * The offline explorer (development only): GraphiQL served from the gateway's own node_modules —
 * no CDN, works with no internet — with the graphql-ws fetcher for subscriptions and one tab per
 * channel preloaded with that channel's kit operations (packages/client/operations/<channel>).
 * Never mounted in production (config.explorer is false there); its packages are devDependencies.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

/** Path prefix of the explorer. */
export const EXPLORER_PATH = '/explorer';

/** The browser files the page loads, by the name it asks for → the npm file behind it. */
const ASSETS: Record<string, { module: string; type: string }> = {
  'react.js': { module: 'react/umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { module: 'react-dom/umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { module: 'graphiql/graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { module: 'graphiql/graphiql.min.css', type: 'text/css' },
  'graphql-ws.js': { module: 'graphql-ws/umd/graphql-ws.min.js', type: 'text/javascript' },
};

/** One preloaded tab. */
interface ExampleTab {
  channel: string;
  query: string;
}

export interface Explorer {
  /** Answers a request under {@link EXPLORER_PATH}. */
  handle(pathname: string, res: ServerResponse): Promise<void>;
}

/**
 * Builds the explorer.
 * @param operationsDir the kit's operations folder (one subfolder per channel); missing: no tabs
 * @param nodeModules where the browser builds are read from (development: the working directory's)
 */
export async function createExplorer(operationsDir: string, nodeModules = path.resolve('node_modules')): Promise<Explorer> {
  const tabs = await exampleTabs(operationsDir);
  const cache = new Map<string, Buffer>();
  return {
    async handle(pathname, res) {
      const rest = pathname.slice(EXPLORER_PATH.length).replace(/^\/+/, '');
      if (rest === '' || rest === 'index.html') return send(res, 'text/html; charset=utf-8', page());
      if (rest === 'app.js') return send(res, 'text/javascript; charset=utf-8', bootstrap(tabs));
      const asset = ASSETS[rest];
      if (!asset) {
        res.statusCode = 404;
        return send(res, 'text/plain; charset=utf-8', 'Not found');
      }
      let body = cache.get(rest);
      if (!body) {
        // Read by path: the packages' export maps do not list their browser builds.
        body = await readFile(path.join(nodeModules, asset.module));
        cache.set(rest, body);
      }
      return send(res, `${asset.type}; charset=utf-8`, body);
    },
  };
}

async function exampleTabs(dir: string): Promise<ExampleTab[]> {
  const channels = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const tabs: ExampleTab[] = [];
  for (const entry of channels.filter((d) => d.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const files = (await readdir(path.join(dir, entry.name))).filter((f) => f.endsWith('.graphql')).sort();
    const texts = await Promise.all(files.map((f) => readFile(path.join(dir, entry.name, f), 'utf8')));
    const channel = entry.name.toUpperCase().replace(/-/g, '_');
    const note =
      channel === 'PARTNER'
        ? '# PARTNER runs trusted documents only: the gateway refuses these as text; a partner sends their hashes (client kit).\n'
        : `# The ${channel} channel's operations from the client kit. Set the Authorization header after logging in.\n`;
    tabs.push({ channel, query: note + texts.join('\n') });
  }
  return tabs;
}

function send(res: ServerResponse, type: string, body: string | Buffer): void {
  res.setHeader('content-type', type);
  res.setHeader('cache-control', 'no-store');
  res.end(body);
}

function page(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Channel gateway explorer</title>
<link rel="stylesheet" href="${EXPLORER_PATH}/graphiql.css">
<style>body { margin: 0; height: 100vh; } #explorer { height: 100vh; }</style>
</head>
<body>
<div id="explorer">Loading the explorer…</div>
<script src="${EXPLORER_PATH}/react.js"></script>
<script src="${EXPLORER_PATH}/react-dom.js"></script>
<script src="${EXPLORER_PATH}/graphql-ws.js"></script>
<script src="${EXPLORER_PATH}/graphiql.js"></script>
<script src="${EXPLORER_PATH}/app.js"></script>
</body>
</html>
`;
}

function bootstrap(tabs: ExampleTab[]): string {
  const defaultTabs = tabs.map((tab) => ({ query: tab.query, headers: JSON.stringify({ 'x-channel': tab.channel }, null, 2) }));
  return `(function () {
  var url = new URL('/graphql', window.location.href).toString();
  var wsUrl = url.replace(/^http/, 'ws');
  var wsClient = graphqlWs.createClient({
    url: wsUrl,
    lazy: true,
    connectionParams: function () {
      var headers = {};
      try { headers = JSON.parse(localStorage.getItem('graphiql:headers') || '{}'); } catch (e) {}
      return { authorization: headers.authorization || headers.Authorization, channel: headers['x-channel'] };
    },
  });
  var fetcher = GraphiQL.createFetcher({ url: url, wsClient: wsClient });
  var root = ReactDOM.createRoot(document.getElementById('explorer'));
  root.render(React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true, defaultTabs: ${JSON.stringify(defaultTabs)} }));
})();
`;
}
