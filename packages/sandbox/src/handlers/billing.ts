import { deploiErrors } from '../messages';
import type { Invoice } from '../model';
import { cancelAgreement, recordEvent } from '../state';
import { clientFor, findOwned, type HandlerMap, ofClient, ok } from './support';

// Deploi "billing" group: invoices (the amount is always the sum of the lines) and cancelling an
// agreement, which removes the service with the same id from its list.

/** NOK as the docs send amounts: a string, without trailing decimals for whole kroner. */
function nok(amount: number): string {
  return String(Math.round(amount * 100) / 100);
}

function total(invoice: Invoice): number {
  return invoice.lines.reduce((sum, line) => sum + line.amount, 0);
}

/** Handlers of the billing group, by wire name. */
export const billingHandlers = {
  GetInvoices: (ctx, input) => {
    const invoices = ofClient(ctx.state.invoices, clientFor(ctx, input.clientid)).map((i) => ({
      id: i.id,
      date: i.date,
      due: i.due,
      amount: nok(total(i)),
      cancelled: i.cancelled,
      paid: i.paid,
    }));
    return ok({ invoices });
  },

  GetInvoiceInfo: (ctx, input) => {
    const invoice = findOwned(
      ctx,
      ctx.state.invoices,
      (i) => i.id === input.invoiceNr,
      deploiErrors.noSuchInvoice,
    );
    return ok({
      invoiceInfo: {
        date: invoice.date,
        due: invoice.due,
        amount: nok(total(invoice)),
        cancelled: invoice.cancelled,
        paid: invoice.paid,
        lines: invoice.lines.map((line) => ({ description: line.description, amount: nok(line.amount) })),
      },
    });
  },

  CancelAgreement: (ctx, input) => {
    const agreement = findOwned(
      ctx,
      ctx.state.agreements,
      (a) => a.id === input.id,
      deploiErrors.noSuchAgreement,
    );
    cancelAgreement(ctx.state, agreement.id);
    // The reason goes to Deploi's staff, nowhere a read command shows; the event keeps it for tests.
    const reason = input.cancellationmessage ? `: ${input.cancellationmessage}` : '';
    recordEvent(
      ctx.state,
      ctx.now,
      'CancelAgreement',
      `${agreement.kind} agreement ${agreement.id} (${agreement.description}) cancelled${reason}`,
      agreement.clientId,
    );
    return ok({}, '', 82);
  },
} satisfies HandlerMap<'deploi'>;
