// The usage page's chart: input and output tokens per day as stacked bars, the day's spend (or, for a provider,
// earnings) as a line on a second axis. The points come from the canvas's data-points attribute (days in China time,
// amounts in yuan), so the page needs no inline script (the Content-Security-Policy allows our own files only).
// When drawn, the canvas says so in data-drawn.
(function () {
    const canvas = document.getElementById('usage-chart');
    if (!window.Chart || !canvas) return;
    const points = JSON.parse(canvas.dataset.points || '[]');
    const lang = canvas.dataset.lang || document.documentElement.lang || 'zh-CN';
    const tokens = new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 });
    const exact = new Intl.NumberFormat(lang);
    const money = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const chart = new Chart(canvas, {
        data: {
            labels: points.map(p => p.day.slice(5)),
            datasets: [
                { type: 'bar', label: canvas.dataset.inputLabel || 'Input tokens', data: points.map(p => p.input), backgroundColor: '#233b6e', stack: 'tokens', yAxisID: 'y', order: 2 },
                { type: 'bar', label: canvas.dataset.outputLabel || 'Output tokens', data: points.map(p => p.output), backgroundColor: '#7d93c4', stack: 'tokens', yAxisID: 'y', order: 2 },
                { type: 'line', label: canvas.dataset.amountLabel || 'Spend (¥)', data: points.map(p => p.amount), borderColor: '#e4572e', backgroundColor: '#e4572e', pointRadius: 2, tension: 0.2, yAxisID: 'amount', order: 1 }
            ]
        },
        options: {
            animation: false,
            maintainAspectRatio: false,
            interaction: { mode: 'index', intersect: false },
            scales: {
                x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 10 } },
                y: { stacked: true, beginAtZero: true, ticks: { callback: (value) => tokens.format(value) } },
                amount: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { callback: (value) => '¥' + money.format(value) } }
            },
            plugins: {
                legend: { labels: { boxWidth: 12 } },
                tooltip: {
                    callbacks: {
                        title: (items) => items.length ? points[items[0].dataIndex].day : '',
                        label: (item) => item.dataset.yAxisID === 'amount'
                            ? `${item.dataset.label}: ¥${money.format(item.parsed.y)}`
                            : `${item.dataset.label}: ${exact.format(item.parsed.y)}`
                    }
                }
            }
        }
    });
    canvas.dataset.drawn = String(chart.data.labels.length);
})();
