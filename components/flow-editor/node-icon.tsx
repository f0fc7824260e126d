import {
  BellRing,
  CircleHelp,
  Contact,
  CornerDownRight,
  CreditCard,
  GitBranch,
  Globe,
  Headset,
  IdCard,
  MessageCircleQuestion,
  MessageSquare,
  PackageCheck,
  Play,
  RectangleHorizontal,
  Split,
  SquareSlash,
  Store,
  Tag,
  TextSearch,
  Timer,
  Variable,
  Webhook,
  Box,
  type LucideIcon,
} from "lucide-react";

/**
 * The registry names lucide icons in kebab-case; a static map keeps the bundle to the icons
 * the palette uses (lucide's dynamic import would ship the whole catalogue).
 */
const icons: Record<string, LucideIcon> = {
  "bell-ring": BellRing,
  "circle-question-mark": CircleHelp,
  contact: Contact,
  "corner-down-right": CornerDownRight,
  "credit-card": CreditCard,
  "git-branch": GitBranch,
  globe: Globe,
  headset: Headset,
  "id-card": IdCard,
  "message-circle-question-mark": MessageCircleQuestion,
  "message-square": MessageSquare,
  "package-check": PackageCheck,
  play: Play,
  "rectangle-horizontal": RectangleHorizontal,
  split: Split,
  "square-slash": SquareSlash,
  store: Store,
  tag: Tag,
  "text-search": TextSearch,
  timer: Timer,
  variable: Variable,
  webhook: Webhook,
};

export function NodeIcon({ name, className }: { name: string | undefined; className?: string }) {
  const Icon = (name && icons[name]) || Box;
  return <Icon className={className} aria-hidden />;
}
