// Starts the reference PDS (@atproto/pds) and an in-memory PLC directory (@did-plc/server) on
// loopback, creates two accounts with app passwords, and writes what the Java check needs to
// PDS_CHECK_INFO (JSON). Runs until it is sent SIGINT/SIGTERM. Used by scripts/check-bluesky-pds.sh.
import http from 'node:http'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'

// Both servers listen on a bare port (every interface): keep them on loopback.
const listen = http.Server.prototype.listen
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) {
    args.splice(1, 0, '127.0.0.1')
  }
  return listen.apply(this, args)
}

const require = createRequire(import.meta.url)
const pds = await import('@atproto/pds')
const { Secp256k1Keypair } = await import('@atproto/crypto')
const plc = require('@did-plc/server')

const port = Number(process.env.PDS_PORT ?? 2583)
const plcPort = Number(process.env.PLC_PORT ?? port + 1)
const dataDir = process.env.PDS_DATA_DIRECTORY ?? fs.mkdtempSync(path.join(os.tmpdir(), 'octopost-pds-'))
const infoFile = process.env.PDS_CHECK_INFO ?? path.join(dataDir, 'pds-check.json')
fs.mkdirSync(dataDir, { recursive: true })

const plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: plcPort })
await plcServer.start()

const hex = (bytes) => Buffer.from(bytes).toString('hex')
const rotationKey = await Secp256k1Keypair.create({ exportable: true })
const env = {
  devMode: true,
  hostname: 'localhost',
  port,
  dataDirectory: dataDir,
  blobstoreDiskLocation: path.join(dataDir, 'blobs'),
  blobUploadLimit: Number(process.env.PDS_BLOB_UPLOAD_LIMIT ?? 100_000_000),
  didPlcUrl: `http://localhost:${plcPort}`, // the DID resolver refuses IP literals,
  jwtSecret: hex(crypto.getRandomValues(new Uint8Array(32))),
  adminPassword: 'admin-pass',
  plcRotationKeyK256PrivateKeyHex: hex(await rotationKey.export()),
  serviceHandleDomains: ['.test'],
  inviteRequired: false,
  disableSsrfProtection: true,
  rateLimitsEnabled: false,
  crawlers: [],
}
const server = await pds.PDS.create(pds.envToCfg(env), pds.envToSecrets(env))
await server.start()
const url = `http://127.0.0.1:${port}`

async function xrpc(nsid, body, token) {
  const res = await fetch(`${url}/xrpc/${nsid}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  const json = await res.json()
  if (!res.ok) throw new Error(`${nsid}: ${res.status} ${JSON.stringify(json)}`)
  return json
}

const accounts = []
for (const name of ['alice', 'bob']) {
  const handle = `${name}.test`
  const created = await xrpc('com.atproto.server.createAccount', {
    handle, email: `${name}@example.test`, password: `${name}-main-password`,
  })
  const app = await xrpc('com.atproto.server.createAppPassword', { name: 'octopost' }, created.accessJwt)
  accounts.push({ handle, did: created.did, appPassword: app.password, password: `${name}-main-password` })
}

const info = { url, did: server.ctx.cfg.service.did, plcUrl: env.didPlcUrl, accounts }
fs.writeFileSync(infoFile, JSON.stringify(info, null, 2))
console.log(`PDS ${pds.PDS.name} ${server.ctx.cfg.service.version} on ${url} (${info.did}); accounts: `
  + accounts.map((a) => `${a.handle} ${a.did}`).join(', ') + `; details in ${infoFile}`)

const stop = async () => {
  await server.destroy()
  await plcServer.destroy()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
