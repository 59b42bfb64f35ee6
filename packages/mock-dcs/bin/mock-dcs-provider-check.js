#!/usr/bin/env node
import '../dist/provider-check-cli.js';
