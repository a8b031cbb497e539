import { defineProject } from 'vitest/config';
import { standardDecorators } from '../../scripts/standard-decorators.ts';

export default defineProject({ plugins: [standardDecorators()] });
