import { describe, expect, it } from 'vitest';
import { createForgetting } from '../src/forgetting';

const forgetting = () => {
  const heard: string[] = [];
  const f = createForgetting(
    () => heard.push('clear'),
    (refused) => heard.push(`tell ${refused}`),
  );
  return { f, heard };
};

describe('createForgetting', () => {
  it('an opt-out and a withdrawal clear and tell, each time', () => {
    const { f, heard } = forgetting();
    f.optedOut();
    f.withdrawn();
    f.withdrawn();
    expect(heard).toEqual(['tell false', 'clear', 'tell false', 'clear', 'tell false', 'clear']);
  });

  it('refused from the start: cleared once, told only for the visitor\'s own choice', () => {
    const choice = forgetting();
    choice.f.refused(true);
    choice.f.refused(true);
    expect(choice.heard).toEqual(['tell true', 'clear']);
    const noChoice = forgetting();
    noChoice.f.refused(false);
    expect(noChoice.heard).toEqual(['clear']);
  });

  it('refused after a withdrawal on this page: nothing more to forget', () => {
    const { f, heard } = forgetting();
    f.withdrawn();
    f.refused(true);
    expect(heard).toEqual(['tell false', 'clear']);
  });

  it('a tell that throws still clears', () => {
    const heard: string[] = [];
    const f = createForgetting(
      () => heard.push('clear'),
      () => {
        throw new Error('storage gone');
      },
    );
    const error = console.error;
    console.error = () => {};
    try {
      f.optedOut();
    } finally {
      console.error = error;
    }
    expect(heard).toEqual(['clear']);
  });
});
