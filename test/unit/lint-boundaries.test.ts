import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The house's import boundaries are lint errors (eslint.config.mjs), and
 * `npm test` lints first. Each boundary, broken on purpose, is caught.
 */
const eslint = new ESLint();

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['shared/domain/example.ts', "import { dynamo } from '../clients/dynamodb';\nexport const x = dynamo;\n"],
    ['shared/domain/example.ts', "import { getUser } from '../db/users';\nexport const x = getUser;\n"],
    ['shared/domain/example.ts', "import { SESClient } from '@aws-sdk/client-ses';\nexport const x = SESClient;\n"],
    ['shared/use-cases/team/example.ts', "import type { Caller } from '../../http/caller';\nexport type X = Caller;\n"],
    ['shared/use-cases/team/example.ts', "import { GetCommand } from '@aws-sdk/lib-dynamodb';\nexport const x = GetCommand;\n"],
    ['shared/use-cases/team/example.ts', "import { keys, TABLE_NAME } from '../../db/table';\nexport const x = [keys, TABLE_NAME];\n"],
    ['functions/team/example.ts', "import { routes } from '../routes';\nexport const x = routes;\n"],
    ['functions/team/example.ts', "import { buildApp } from '../../infra/build-app';\nexport const x = buildApp;\n"],
    ['shared/http/example.ts', "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const x = DynamoDBClient;\n"],
  ])('%s may not: %s', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toHaveLength(1);
  });

  it('lets each layer import what it should', async () => {
    expect(await boundaryErrors('shared/db/example.ts', "import { GetCommand } from '@aws-sdk/lib-dynamodb';\nexport const x = GetCommand;\n")).toEqual([]);
    expect(await boundaryErrors('functions/team/example.ts', "import { getTeamRoute } from './get-team.route';\nexport const x = getTeamRoute;\n")).toEqual([]);
    expect(await boundaryErrors('shared/use-cases/team/example.ts', "import type { TeamActor } from '../../domain/actor';\nexport type X = TeamActor;\n")).toEqual([]);
  });
});
