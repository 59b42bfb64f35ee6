export { RelayError, isErrorCode, type ErrorCode } from './errors.ts';
export { MAX_SIGNAL_KEYS, MAX_VALUES_PER_KEY, MAX_VALUE_LENGTH, MAX_TRAIT_IDS, MAX_RESULT_IDS, isSignalKey } from './limits.ts';
export {
  NAMESPACE,
  isHello,
  isConnect,
  isConnected,
  isRefused,
  isRequest,
  isResponse,
  isEventParams,
  isEventResult,
  isWireSignals,
  type HelloMessage,
  type ConnectMessage,
  type ConnectedMessage,
  type RefusedMessage,
  type RequestMessage,
  type ResponseMessage,
  type PortMessage,
  type EventParams,
  type EventResult,
  type WireSignals,
  type WireError,
} from './messages.ts';
export { createCaller, servePort, toWireError, type Caller, type Port } from './messenger.ts';
export { SUPPORTED_VERSIONS, negotiateVersion, type VersionRange } from './version.ts';
export { own, isRecord } from './own.ts';
