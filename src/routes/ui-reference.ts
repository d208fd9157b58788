import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Root } from '../compose.js';
import { mayOperate } from '../domain/access.js';
import { httpProblem, HttpProblem } from '../http-problem.js';
import { SessionService } from '../services/sessions.js';
import { text, type FormBody, type FormProblem } from '../ui/forms.js';
import type { Viewer } from '../ui/layout.js';
import {
  nameBodyOf,
  nameFormPage,
  nameValuesOf,
  nameValuesOfForm,
  officeBodyOf,
  officeFormPage,
  officeValuesOf,
  officeValuesOfForm,
  referencePage,
  type NameValues,
  type OfficeValues,
} from '../ui/reference.js';
import type { PageTools } from './ui-shared.js';
import { checkPost } from './ui-session.js';

/**
 * TSB's pages for the reference data (/office/reference): the lists, and a form for each change,
 * calling the same ReferenceService as the API. Another office gets the API's 403.
 */
export function referencePages(app: FastifyInstance, root: Root, tools: PageTools): void {
  const { reference, referenceEdits } = root.services;
  const { publicBaseUrl, officeEmails, officeLanguages } = root.config;
  const actorOf = (request: FastifyRequest) => SessionService.actorOf(request.uiSession!);
  const saved = '/office/reference?notice=saved';

  /** TSB signed in, or a redirect to the sign-in page (null); another office: 403. */
  function tsbViewer(request: FastifyRequest, reply: FastifyReply): Viewer | null {
    const viewer = tools.viewerOf(request);
    if (!viewer) {
      void reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
      return null;
    }
    if (!mayOperate(viewer, 'reference')) throw httpProblem(403, 'referenceTsbOnly');
    return viewer;
  }

  function postingViewer(request: FastifyRequest): Viewer {
    const viewer = tools.viewerOf(request);
    if (!viewer) throw httpProblem(401, 'sessionEnded');
    checkPost(request, publicBaseUrl, viewer.csrf, text(request.body as FormBody | undefined, 'csrf'));
    return viewer;
  }

  /** A 400 is shown beside its field; any other refusal is a page of its own. */
  function formProblem(error: unknown): FormProblem {
    if (error instanceof HttpProblem && error.statusCode === 400) return { message: error.said, field: error.field };
    throw error;
  }

  const studyGroups = (request: FastifyRequest) =>
    reference.groups
      .filter((g) => g.kind === 'study-group')
      .map((g) => ({ value: g.id, label: `${g.id.toUpperCase()}: ${reference.groupName(g.id, request.t.locale)}` }));

  app.get('/office/reference', { schema: { hide: true } }, async (request, reply) => {
    const viewer = tsbViewer(request, reply);
    if (!viewer) return reply;
    const { t } = request;
    const notice = (request.query as Record<string, unknown>).notice === 'saved' ? t.t('reference.saved') : undefined;
    return tools.sendPage(
      reply,
      referencePage({
        t,
        viewer,
        groups: reference.groups,
        partners: reference.partners,
        offices: reference.offices,
        groupName: (id) => reference.groupName(id, t.locale),
        partnerName: (id) => reference.partnerName(id, t.locale),
        officeName: (id) => reference.officeName(id, t.locale),
        notice,
      }),
    );
  });

  // ---------------------------------------------------------------- groups and partners

  for (const what of ['group', 'partner'] as const) {
    const base = `/office/reference/${what}s`;
    const find = (id: string) => (what === 'group' ? reference.groupsById.get(id) : reference.partnersById.get(id));
    const nameOf = (id: string, request: FastifyRequest) =>
      what === 'group' ? reference.groupName(id, request.t.locale) : reference.partnerName(id, request.t.locale);
    const form = (request: FastifyRequest, reply: FastifyReply, viewer: Viewer, values: NameValues, id?: string, problem?: FormProblem) =>
      tools.sendPage(
        reply,
        nameFormPage({
          t: request.t,
          viewer,
          what,
          current: id === undefined ? undefined : { id, name: nameOf(id, request) },
          values,
          problem,
          parents: studyGroups(request),
        }),
        problem ? 400 : 200,
      );
    const known = (request: FastifyRequest) => {
      const id = (request.params as { id: string }).id;
      if (!find(id)) throw httpProblem(404, what === 'group' ? 'noGroup' : 'noPartner', { id });
      return id;
    };

    app.get(`${base}/new`, { schema: { hide: true } }, async (request, reply) => {
      const viewer = tsbViewer(request, reply);
      if (!viewer) return reply;
      return form(request, reply, viewer, nameValuesOf({ id: '', name: '', kind: what === 'group' ? 'regional-group' : '', names: {} }));
    });
    app.post(`${base}/new`, { schema: { hide: true } }, async (request, reply) => {
      const viewer = postingViewer(request);
      const values = nameValuesOfForm(request.body as FormBody | undefined);
      try {
        const body = nameBodyOf(values, what, true);
        if (what === 'group') referenceEdits.addGroup(actorOf(request), body);
        else referenceEdits.addPartner(actorOf(request), body);
        return reply.redirect(`${saved}#${what}s`, 303);
      } catch (error) {
        return form(request, reply, viewer, values, undefined, formProblem(error));
      }
    });
    app.get(`${base}/:id`, { schema: { hide: true } }, async (request, reply) => {
      const viewer = tsbViewer(request, reply);
      if (!viewer) return reply;
      const id = known(request);
      return form(request, reply, viewer, nameValuesOf(find(id)!), id);
    });
    app.post(`${base}/:id`, { schema: { hide: true } }, async (request, reply) => {
      const viewer = postingViewer(request);
      const id = known(request);
      const values = nameValuesOfForm(request.body as FormBody | undefined);
      try {
        const body = nameBodyOf(values, what, false);
        if (what === 'group') referenceEdits.renameGroup(actorOf(request), id, body);
        else referenceEdits.renamePartner(actorOf(request), id, body);
        return reply.redirect(`${saved}#${what}s`, 303);
      } catch (error) {
        return form(request, reply, viewer, values, id, formProblem(error));
      }
    });
  }

  // ---------------------------------------------------------------- offices

  const officeForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    values: OfficeValues,
    problem?: FormProblem,
  ) =>
    tools.sendPage(
      reply,
      officeFormPage({
        t: request.t,
        viewer,
        office: { id, name: reference.officeName(id, request.t.locale) },
        values,
        problem,
        configured: [...(officeEmails[id] ? (['emails'] as const) : []), ...(officeLanguages[id] ? (['languages'] as const) : [])],
      }),
      problem ? 400 : 200,
    );
  const knownOffice = (request: FastifyRequest) => {
    const id = (request.params as { id: string }).id;
    const office = reference.officesById.get(id);
    if (!office) throw httpProblem(404, 'noOffice', { id });
    return office;
  };

  app.get('/office/reference/offices/:id', { schema: { hide: true } }, async (request, reply) => {
    const viewer = tsbViewer(request, reply);
    if (!viewer) return reply;
    const office = knownOffice(request);
    return officeForm(request, reply, viewer, office.id, officeValuesOf(office));
  });
  app.post('/office/reference/offices/:id', { schema: { hide: true } }, async (request, reply) => {
    const viewer = postingViewer(request);
    const office = knownOffice(request);
    const values = officeValuesOfForm(request.body as FormBody | undefined);
    try {
      referenceEdits.changeOffice(actorOf(request), office.id, officeBodyOf(values));
      return reply.redirect(`${saved}#offices`, 303);
    } catch (error) {
      return officeForm(request, reply, viewer, office.id, values, formProblem(error));
    }
  });
}
