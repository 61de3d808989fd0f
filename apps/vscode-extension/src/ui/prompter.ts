import * as vscode from 'vscode';

/** A question that needs a human's yes before something breaks, costs or weakens security. */
export interface ConfirmRequest {
  /** One line naming the exact target: `Restart server "web-01" (id 12)?`. */
  message: string;
  /** What will happen, in a sentence or two. */
  detail: string;
  /** The button that goes ahead: "Restart", "Delete". */
  action: string;
}

export interface InputRequest {
  title: string;
  prompt?: string;
  value?: string;
  placeHolder?: string;
  password?: boolean;
  /** Returns the problem with a value, or undefined when it is fine (shown live under the box). */
  validate?: (value: string) => string | undefined;
}

export interface PickItem {
  label: string;
  description?: string;
  detail?: string;
}

export interface PickRequest {
  title: string;
  placeHolder?: string;
}

/**
 * Every question the extension asks a person goes through here, so the end-to-end tests can
 * answer them: VS Code's test API cannot click a modal dialog's buttons. Production uses
 * {@link VsCodePrompter}; the test run swaps in a scripted double through the test-only API.
 */
export interface Prompter {
  confirm(request: ConfirmRequest): Promise<boolean>;
  input(request: InputRequest): Promise<string | undefined>;
  pick<T extends PickItem>(items: readonly T[], request: PickRequest): Promise<T | undefined>;
  /** Opens a web page in the browser (VS Code may ask the person first); never fetched by Hostkit. */
  openExternal(url: string): Promise<boolean>;
  /** Where to save a file: a save dialog; undefined when cancelled. */
  saveLocation(request: SaveRequest): Promise<vscode.Uri | undefined>;
}

export interface SaveRequest {
  title: string;
  /** The file name offered. */
  fileName: string;
  filters?: Record<string, string[]>;
}

export class VsCodePrompter implements Prompter {
  async confirm(request: ConfirmRequest): Promise<boolean> {
    const answer = await vscode.window.showWarningMessage(
      request.message,
      { modal: true, detail: request.detail },
      request.action,
    );
    return answer === request.action;
  }

  input(request: InputRequest): Promise<string | undefined> {
    const options: vscode.InputBoxOptions = { title: request.title, ignoreFocusOut: true };
    if (request.prompt !== undefined) options.prompt = request.prompt;
    if (request.value !== undefined) options.value = request.value;
    if (request.placeHolder !== undefined) options.placeHolder = request.placeHolder;
    if (request.password) options.password = true;
    const validate = request.validate;
    if (validate) options.validateInput = (v) => validate(v) ?? null;
    return Promise.resolve(vscode.window.showInputBox(options));
  }

  saveLocation(request: SaveRequest): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const options: vscode.SaveDialogOptions = { title: request.title, saveLabel: 'Export' };
    if (folder) options.defaultUri = vscode.Uri.joinPath(folder, request.fileName);
    if (request.filters) options.filters = request.filters;
    return Promise.resolve(vscode.window.showSaveDialog(options));
  }

  openExternal(url: string): Promise<boolean> {
    return Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url)));
  }

  pick<T extends PickItem>(items: readonly T[], request: PickRequest): Promise<T | undefined> {
    const options: vscode.QuickPickOptions = {
      title: request.title,
      ignoreFocusOut: true,
      matchOnDescription: true,
    };
    if (request.placeHolder !== undefined) options.placeHolder = request.placeHolder;
    return Promise.resolve(vscode.window.showQuickPick([...items], options));
  }
}
