import { describe, expect, it } from 'vitest';
import { outcomeOf, type ClientAnswer } from '../../src/components/port/http.js';

describe('what an answer tells the client (outcomeOf, the one place)', () => {
  it('2xx is ok; 500 and other errors fail; 409, 422, 429, 502, 503, 504 and timeouts are unknown', () => {
    const answers: ClientAnswer[] = [
      200,
      201,
      202,
      400,
      404,
      500,
      409,
      422,
      429,
      502,
      503,
      504,
      'timeout',
      'refused',
    ];
    expect(Object.fromEntries(answers.map((answer) => [answer, outcomeOf(answer)]))).toEqual({
      200: 'ok',
      201: 'ok',
      202: 'ok',
      400: 'fail',
      404: 'fail',
      500: 'fail',
      409: 'info',
      422: 'info',
      429: 'info',
      502: 'info',
      503: 'info',
      504: 'info',
      timeout: 'info',
      refused: 'fail',
    });
  });
});
