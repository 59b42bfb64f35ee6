export { buildFrameArtifact, frameHeaders, sha256Base64, type FrameArtifact, type FrameBuildOptions } from './frame-artifact';
export { headersFile, nginxSnippet } from './header-files';
export { checkOrigin, parseArgs, USAGE, type BuildArgs, type ParsedArgs } from './parse-args';
export { OUTPUT_FILES, main, runCli, type CliIo } from './cli';
