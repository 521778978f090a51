import { expect, type Page } from "@playwright/test";

// Page objects: specs talk about what a person does; selectors live here (data-testid only).

export const SECTIONS = ["pools", "runs", "review", "skills", "registry", "settings"] as const;
export type TSection = (typeof SECTIONS)[number];

export class SignInPage {
  constructor(private readonly page: Page) {}

  async signIn(email: string, password: string): Promise<void> {
    await this.page.goto("/sign-in");
    await this.page.getByTestId("sign-in-email").fill(email);
    await this.page.getByTestId("sign-in-password").fill(password);
    await this.page.getByTestId("sign-in-submit").click();
    await expect(this.page).toHaveURL(/\/w\/[^/]+\/pools/);
  }
}

export class Shell {
  constructor(private readonly page: Page) {}

  async open(section: TSection): Promise<void> {
    await this.page.getByTestId(`nav-${section}`).click();
    await expect(this.page).toHaveURL(new RegExp(`/w/[^/]+/${section}`));
    await expect(this.page.getByTestId(`nav-${section}`)).toHaveAttribute("aria-current", "page");
  }

  role() {
    return this.page.getByTestId("current-role");
  }

  async signOut(): Promise<void> {
    await this.page.getByTestId("user-menu").click();
    await this.page.getByTestId("sign-out").click();
    await expect(this.page).toHaveURL(/\/sign-in/);
  }
}

export class SettingsPage {
  constructor(private readonly page: Page) {}

  async tab(id: "members" | "invitations" | "api-keys" | "llm" | "audit"): Promise<void> {
    await this.page.getByTestId(`settings-tab-${id}`).click();
    await expect(this.page).toHaveURL(new RegExp(`tab=${id}`));
  }

  async addNewMember(m: { email: string; name: string; password: string; role: string }): Promise<void> {
    await this.page.getByTestId("add-member").click();
    const dialog = this.page.getByTestId("add-member-dialog");
    await dialog.getByTestId("member-email").fill(m.email);
    await dialog.getByTestId("member-role").selectOption(m.role);
    await dialog.getByTestId("member-name").fill(m.name);
    await dialog.getByTestId("member-password").fill(m.password);
    await dialog.getByTestId("member-add-submit").click();
    await expect(dialog).toBeHidden();
    await expect(this.page.getByTestId(`member-row-${m.email}`)).toBeVisible();
  }

  async createInvitation(email: string, role: string): Promise<string> {
    await this.page.getByTestId("invite-email").fill(email);
    await this.page.getByTestId("invite-role").selectOption(role);
    await this.page.getByTestId("invite-submit").click();
    const link = this.page.getByTestId("invite-link");
    await expect(link).toBeVisible();
    return (await link.textContent())!.trim();
  }

  async createApiKey(name: string, role: string): Promise<string> {
    await this.page.getByTestId("api-key-name").fill(name);
    await this.page.getByTestId("api-key-role").selectOption(role);
    await this.page.getByTestId("api-key-create").click();
    const secret = this.page.getByTestId("api-key-secret");
    await expect(secret).toBeVisible();
    return (await secret.textContent())!.trim();
  }
}
