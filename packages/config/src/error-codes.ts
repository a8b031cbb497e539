import { defineErrorCodes } from '@outrider/core';

/** The error codes @outrider/config raises; `docs/errors.md` says what to do about each. */
export const configErrors = defineErrorCodes('@outrider/config', {
  OUTRIDER_CONFIG_NOT_FOUND: 'An explicitly named config file does not exist.',
  OUTRIDER_CONFIG_UNREADABLE: 'A config file exists but cannot be read.',
  OUTRIDER_CONFIG_SYNTAX: 'A config file is not valid YAML or JSON.',
  OUTRIDER_CONFIG_ENV_INVALID: 'An environment variable does not parse as the type its key expects.',
  OUTRIDER_CONFIG_RESTART_REQUIRED: 'A reloaded config changes a key that only takes effect after a restart.',
});
