import type { RouteDefinition } from '../shared/http/route';
import { acceptInvitationRoute } from './invitations/accept-invitation.route';
import { createApiKeyRoute } from './api-keys/create-api-key.route';
import { deleteApiKeyRoute } from './api-keys/delete-api-key.route';
import { listApiKeysRoute } from './api-keys/list-api-keys.route';
import { revealApiKeyRoute } from './api-keys/reveal-api-key.route';
import { getCallbackAuthKeysRoute } from './callback-auth-keys/get-callback-auth-keys.route';
import { rotateCallbackAuthKeyRoute } from './callback-auth-keys/rotate-callback-auth-key.route';
import { confirmPasswordResetRoute } from './accounts/confirm-password-reset.route';
import { createInvitationRoute } from './invitations/create-invitation.route';
import { getAuditLogRoute } from './team/get-audit-log.route';
import { getMeRoute } from './accounts/get-me.route';
import { getTeamRoute } from './team/get-team.route';
import { healthRoute } from './service/health.route';
import { issueTokenRoute } from './accounts/issue-token.route';
import { listInvitationsRoute } from './invitations/list-invitations.route';
import { listMembersRoute } from './team/list-members.route';
import { logoutRoute } from './accounts/logout.route';
import { openapiRoute } from './service/get-openapi.route';
import { patchMeRoute } from './accounts/update-me.route';
import { patchTeamRoute } from './team/update-team.route';
import { previewInvitationRoute } from './invitations/preview-invitation.route';
import { refreshTokenRoute } from './accounts/refresh-token.route';
import { removeMemberRoute } from './team/remove-member.route';
import { requestPasswordResetRoute } from './accounts/request-password-reset.route';
import { resendInvitationRoute } from './invitations/resend-invitation.route';
import { resendVerificationRoute } from './accounts/resend-verification.route';
import { revokeInvitationRoute } from './invitations/revoke-invitation.route';
import { signupRoute } from './accounts/sign-up.route';
import { supportAttachMemberRoute } from './support/attach-member.route';
import { supportFindUsersRoute } from './support/find-users.route';
import { supportGetTeamRoute } from './support/get-team.route';
import { supportTransferAdminRoute } from './support/transfer-admin.route';
import { updateMemberRoute } from './team/update-member.route';
import { verifySignupRoute } from './accounts/verify-email.route';
// ---- projects and tasks (issue 10a)
import { amendTaskRoute } from './tasks/amend-task.route';
import { cancelTaskRoute } from './tasks/cancel-task.route';
import { createProjectRoute } from './projects/create-project.route';
import { createTaskRoute } from './tasks/create-task.route';
import { getProjectRoute } from './projects/get-project.route';
import { getTaskRoute } from './tasks/get-task.route';
import { listProjectsRoute } from './projects/list-projects.route';
import { listTaskCallbacksRoute } from './tasks/list-task-callbacks.route';
import { listTasksRoute } from './tasks/list-tasks.route';
import { redeliverTaskCallbackRoute } from './tasks/redeliver-task-callback.route';
import { supportCompleteTaskRoute } from './support/complete-task.route';

/**
 * THE route table: it gathers every route definition — each lives beside its
 * operation (`<area>/<operation>.route.ts`) — for the CDK API stack (one
 * function, one method and the grants per entry), the local dev server
 * (dispatch) and the OpenAPI document. No handler imports this module (the
 * OpenAPI function aside, which serves all of it), so a function's bundle
 * holds its own route only, and editing one route redeploys one function.
 */
export const routes = {
  health: healthRoute,
  openapi: openapiRoute,
  signup: signupRoute,
  verifySignup: verifySignupRoute,
  resendVerification: resendVerificationRoute,
  issueToken: issueTokenRoute,
  refreshToken: refreshTokenRoute,
  logout: logoutRoute,
  requestPasswordReset: requestPasswordResetRoute,
  confirmPasswordReset: confirmPasswordResetRoute,
  getMe: getMeRoute,
  patchMe: patchMeRoute,
  getTeam: getTeamRoute,
  patchTeam: patchTeamRoute,
  listMembers: listMembersRoute,
  updateMember: updateMemberRoute,
  removeMember: removeMemberRoute,
  getAuditLog: getAuditLogRoute,
  createInvitation: createInvitationRoute,
  listInvitations: listInvitationsRoute,
  revokeInvitation: revokeInvitationRoute,
  resendInvitation: resendInvitationRoute,
  previewInvitation: previewInvitationRoute,
  acceptInvitation: acceptInvitationRoute,
  listApiKeys: listApiKeysRoute,
  createApiKey: createApiKeyRoute,
  revealApiKey: revealApiKeyRoute,
  deleteApiKey: deleteApiKeyRoute,
  getCallbackAuthKeys: getCallbackAuthKeysRoute,
  rotateCallbackAuthKey: rotateCallbackAuthKeyRoute,
  supportFindUsers: supportFindUsersRoute,
  supportGetTeam: supportGetTeamRoute,
  supportTransferAdmin: supportTransferAdminRoute,
  supportAttachMember: supportAttachMemberRoute,
  // ---- projects and tasks (issue 10a)
  createProject: createProjectRoute,
  listProjects: listProjectsRoute,
  getProject: getProjectRoute,
  createTask: createTaskRoute,
  listTasks: listTasksRoute,
  getTask: getTaskRoute,
  amendTask: amendTaskRoute,
  cancelTask: cancelTaskRoute,
  listTaskCallbacks: listTaskCallbacksRoute,
  redeliverTaskCallback: redeliverTaskCallbackRoute,
  supportCompleteTask: supportCompleteTaskRoute,
} satisfies Record<string, RouteDefinition>;

export type RouteId = keyof typeof routes;
export const routeList: readonly RouteDefinition[] = Object.values(routes);
