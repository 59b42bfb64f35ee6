export { RelayError, type ErrorCode } from './errors';
export { MAX_DECLARED_IDS, MAX_DECLARED_ID_LENGTH, MAX_URL_BYTES, MAX_COOKIES, MAX_COOKIE_BYTES, MAX_SIGNAL_KEYS, MAX_VALUES_PER_KEY, MAX_VALUE_LENGTH, MAX_TRAIT_IDS, MAX_RESULT_IDS, MAX_SIGNAL_BYTES, MAX_QUEUED_CALLS, MAX_PROBLEMS, MAX_PRIVACY_BYTES, isSignalKey, isReservedKey, isWellFormed, signalBytes, wireLength } from './limits';
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
  isDeclaredId,
  isDeclaredIdSource,
  isCookieDestination,
  isPrivacy,
  isExperienceCloudId,
  ORG_ID,
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
  type DeclaredId,
  type CookieDestination,
  type Privacy,
  type ExperienceCloudId,
  type RequestMethod,
} from './messages';
export { createCaller, servePort, toWireError, type Caller, type Port, type Sent } from './messenger';
export { SUPPORTED_VERSIONS, negotiateVersion, type VersionRange } from './version';
export { own, isRecord, inert } from './own';
export { NativePromise, apply, defineProperty, entries, hasOwn, keys, stopTimer, taken } from './intrinsics';
export { isLoadableHost, parseOrigin } from './origin';
export { buildEventQuery, privacyQuery, MAX_GET_URL, MAX_POST_BODY, type EventCall } from './event-query';
export { decodeBootCall, encodeBootCall, MAX_BOOT_FRAGMENT } from './boot-call';
