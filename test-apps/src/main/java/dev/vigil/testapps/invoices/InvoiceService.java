package dev.vigil.testapps.invoices;

import dev.vigil.api.Guarded;

/** A tiny accounts-payable service; every public action is guarded. */
public class InvoiceService {

  @Guarded("invoice:read")
  public String read(String invoiceId) {
    return "invoice " + invoiceId;
  }

  /** The amount is the resource, so rules can demand more for large approvals. */
  @Guarded(value = "invoice:approve", resourceArg = 1)
  public String approve(String invoiceId, long amount) {
    return "approved " + invoiceId + " for " + amount;
  }

  @Guarded("report:export")
  public String exportReport() {
    return "report exported";
  }
}
