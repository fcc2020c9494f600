import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Stack, type CfnElement, type NestedStack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';

/** A synthesized CloudFormation template, as plain JSON. */
export interface CfnTemplate {
  Resources: Record<string, CfnResourceJson>;
  Outputs?: Record<string, { Value: unknown }>;
}

export interface CfnResourceJson {
  Type: string;
  Properties?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, unknown>;
}

/** The template of a top-level or nested stack, read from the assembly. */
export function templateOf(assembly: CloudAssembly, stack: Stack): CfnTemplate {
  if (stack.nested) {
    const file = path.join(assembly.directory, (stack as NestedStack).templateFile);
    return JSON.parse(readFileSync(file, 'utf8')) as CfnTemplate;
  }
  return assembly.getStackArtifact(stack.artifactId).template as CfnTemplate;
}

/** The logical id a construct's main resource has in its own stack's template. */
export function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  const stack = Stack.of(element);
  return stack.resolve(stack.getLogicalId(element)) as string;
}

export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResourceJson][] {
  return Object.entries(template.Resources ?? {}).filter(([, resource]) => resource.Type === type);
}

/** `/v1/me` for an AWS::ApiGateway::Resource reference, following ParentId to the root. */
export function apiPathOf(template: CfnTemplate, resourceId: unknown): string {
  const ref = (resourceId as { Ref?: string }).Ref;
  if (!ref) return ''; // { Fn::GetAtt: [RestApi, RootResourceId] }
  const resource = template.Resources[ref];
  if (!resource) throw new Error(`No API resource ${ref}`);
  return `${apiPathOf(template, resource.Properties?.ParentId)}/${resource.Properties?.PathPart as string}`;
}

/** Every action the identity policies attached to `roleLogicalId` allow. */
export function allowedActions(template: CfnTemplate, roleLogicalId: string): string[] {
  return statementsFor(template, roleLogicalId).flatMap((statement) => toArray(statement.Action));
}

/** The actions those policies allow on resources `resource` accepts (a CloudFormation value: ARN, Ref, import). */
export function allowedActionsOn(template: CfnTemplate, roleLogicalId: string, resource: (value: unknown) => boolean): string[] {
  return statementsFor(template, roleLogicalId)
    .filter((statement) => toArray(statement.Resource).some(resource))
    .flatMap((statement) => toArray(statement.Action) as string[]);
}

/** The Allow statements of the identity policies attached to `roleLogicalId`. */
export function statementsFor(template: CfnTemplate, roleLogicalId: string): Array<Record<string, any>> {
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) =>
      toArray(policy.Properties?.Roles).some((role) => (role as { Ref?: string }).Ref === roleLogicalId),
    )
    .flatMap(([, policy]) => toArray(policy.Properties?.PolicyDocument?.Statement) as Array<Record<string, any>>)
    .filter((statement) => statement.Effect === 'Allow');
}

/** The logical id of the role a Lambda function resource runs as. */
export function roleOfFunction(fn: CfnResourceJson): string {
  const [roleId] = (fn.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
  return roleId;
}

/** All `Fn::GetAtt` pairs anywhere inside a CloudFormation value. */
export function getAtts(value: unknown): Array<[string, string]> {
  if (Array.isArray(value)) return value.flatMap(getAtts);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if (Array.isArray(record['Fn::GetAtt'])) return [record['Fn::GetAtt'] as [string, string]];
  return Object.values(record).flatMap(getAtts);
}

export function toArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
