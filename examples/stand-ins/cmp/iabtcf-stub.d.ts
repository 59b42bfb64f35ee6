// @iabtcf/stub ships no types: it exports one function that installs the `__tcfapi` stub.
declare module '@iabtcf/stub' {
  const installStub: () => void;
  export default installStub;
}
