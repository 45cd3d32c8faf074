const c0 = process.cpuUsage(); const w0 = performance.now();
const { loadConfigFile } = await import('./dist/config/load-config.js');
const c1 = process.cpuUsage(); const w1 = performance.now();
loadConfigFile(process.argv[2]);
const c2 = process.cpuUsage(c1); const w2 = performance.now();
const ms = (c) => Math.round((c.user + c.system) / 1000);
console.log(process.argv[2], 'import cpu', ms(process.cpuUsage(c0)) - ms(c2), 'load cpu', ms(c2), 'wall', Math.round(w2 - w1));
