/**
 * The tool set's names: the one place they are written. Tool definitions, guidance, refusals and
 * the guard's words all import them, so a rename cannot leave a sentence behind.
 */
export const TOOL = {
  listWorkflows: "list_workflows",
  getWorkflow: "get_workflow",
  confirmConnection: "confirm_salesforce_connection",
  addUpdateAction: "add_salesforce_update_action",
  listObjects: "list_salesforce_objects",
  listFields: "list_salesforce_fields",
  listReferences: "list_references",
  configureUpdate: "configure_salesforce_update",
  testUpdate: "test_salesforce_update",
  getRowResult: "get_row_result",
} as const;
