// /api/auth/* – next-auth's own endpoints: the web app's sign-in and session
import { handlers } from "@/lib/auth";

export const { GET, POST } = handlers;
