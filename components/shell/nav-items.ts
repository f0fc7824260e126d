import {
  BarChart3,
  Bot,
  Inbox,
  Megaphone,
  Package,
  ScrollText,
  Settings,
  ShoppingCart,
  Users,
  type LucideIcon,
} from "lucide-react";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/db/schema/accounts";

export interface NavItem {
  href: string;
  /** Key in the `nav` catalogue. */
  label:
    | "bots"
    | "products"
    | "orders"
    | "contacts"
    | "inbox"
    | "broadcasts"
    | "journal"
    | "analytics"
    | "settings";
  icon: LucideIcon;
  /** Who sees the item; the page itself enforces the same permission (requireWorkspace). */
  permission: Permission;
}

/**
 * The signed-in sections. Products, orders, broadcasts and analytics have no permissions of
 * their own yet; they are shop administration, so they follow `workspace.manage`.
 */
export const navItems: NavItem[] = [
  { href: "/bots", label: "bots", icon: Bot, permission: "bots.read" },
  { href: "/products", label: "products", icon: Package, permission: "workspace.manage" },
  { href: "/orders", label: "orders", icon: ShoppingCart, permission: "workspace.manage" },
  { href: "/contacts", label: "contacts", icon: Users, permission: "contacts.read" },
  { href: "/inbox", label: "inbox", icon: Inbox, permission: "inbox.use" },
  { href: "/broadcasts", label: "broadcasts", icon: Megaphone, permission: "workspace.manage" },
  { href: "/journal", label: "journal", icon: ScrollText, permission: "journal.read" },
  { href: "/analytics", label: "analytics", icon: BarChart3, permission: "workspace.manage" },
  { href: "/settings", label: "settings", icon: Settings, permission: "members.read" },
];

export function navItemsFor(role: Role): NavItem[] {
  return navItems.filter((item) => can(role, item.permission));
}

export function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
