import * as vscode from 'vscode';
import { BACK, type Back, type StepInfo } from './step';

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
  /** One question of a form: a step counter, and Back to the question before. */
  inputStep(request: InputRequest, step: StepInfo): Promise<string | Back | undefined>;
  pickStep<T extends PickItem>(
    items: readonly T[],
    request: PickRequest,
    step: StepInfo,
  ): Promise<T | Back | undefined>;
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

  inputStep(request: InputRequest, step: StepInfo): Promise<string | Back | undefined> {
    const box = vscode.window.createInputBox();
    box.title = request.title;
    box.step = step.step;
    if (step.total !== undefined) box.totalSteps = step.total;
    box.ignoreFocusOut = true;
    box.buttons = step.back ? [vscode.QuickInputButtons.Back] : [];
    if (request.prompt !== undefined) box.prompt = request.prompt;
    if (request.value !== undefined) box.value = request.value;
    if (request.placeHolder !== undefined) box.placeholder = request.placeHolder;
    if (request.password) box.password = true;
    const check = () => {
      box.validationMessage = request.validate?.(box.value) ?? '';
      return !box.validationMessage;
    };
    return new Promise((resolve) => {
      const subs = [
        box.onDidChangeValue(check),
        box.onDidAccept(() => {
          if (check()) done(box.value);
        }),
        box.onDidTriggerButton((b) => {
          if (b === vscode.QuickInputButtons.Back) done(BACK);
        }),
        box.onDidHide(() => done(undefined)),
      ];
      let settled = false;
      const done = (v: string | Back | undefined) => {
        if (settled) return;
        settled = true;
        resolve(v);
        for (const s of subs) s.dispose();
        box.dispose();
      };
      if (request.value) check();
      box.show();
    });
  }

  pickStep<T extends PickItem>(
    items: readonly T[],
    request: PickRequest,
    step: StepInfo,
  ): Promise<T | Back | undefined> {
    const pick = vscode.window.createQuickPick<T>();
    pick.title = request.title;
    pick.step = step.step;
    if (step.total !== undefined) pick.totalSteps = step.total;
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = true;
    pick.items = [...items];
    pick.buttons = step.back ? [vscode.QuickInputButtons.Back] : [];
    if (request.placeHolder !== undefined) pick.placeholder = request.placeHolder;
    return new Promise((resolve) => {
      let settled = false;
      const done = (v: T | Back | undefined) => {
        if (settled) return;
        settled = true;
        resolve(v);
        for (const s of subs) s.dispose();
        pick.dispose();
      };
      const subs = [
        pick.onDidAccept(() => done(pick.selectedItems[0])),
        pick.onDidTriggerButton((b) => {
          if (b === vscode.QuickInputButtons.Back) done(BACK);
        }),
        pick.onDidHide(() => done(undefined)),
      ];
      pick.show();
    });
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
