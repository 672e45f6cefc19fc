import path from "node:path";

export const fixturePath = (name: string) => path.resolve("tests/fixtures/photos", name);
