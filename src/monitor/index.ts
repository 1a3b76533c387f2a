export { caseLogRecord, formatLogRecord, type LogRecord } from './case-log.ts';
export { cycleLoop } from './cycle-loop.ts';
export { METRICS, MonitorMetrics } from './metrics.ts';
export { ListenError, parseListen, startMetricsServer } from './metrics-server.ts';
export { createMonitor, type Monitor, type MonitorPlan } from './monitor.ts';
export { pushMetrics } from './pushgateway.ts';
