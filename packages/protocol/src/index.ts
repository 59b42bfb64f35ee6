export { RelayError, type ErrorCode } from './errors';
export { MAX_SIGNAL_KEYS, MAX_VALUES_PER_KEY, MAX_VALUE_LENGTH, MAX_TRAIT_IDS, MAX_RESULT_IDS, isSignalKey } from './limits';
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
  type Identity,
  type IdentitySource,
  type WireSignals,
  type WireError,
} from './messages';
export { createCaller, servePort, toWireError, type Caller, type Port } from './messenger';
export { SUPPORTED_VERSIONS, negotiateVersion, type VersionRange } from './version';
export { own, isRecord } from './own';
export { parseOrigin } from './origin';
